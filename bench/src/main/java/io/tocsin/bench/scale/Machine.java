package io.tocsin.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** This machine as the scale scenario uses it: free loopback ports, the JVM to start processes with, folders. */
final class Machine {

    private Machine() {
    }

    /** A TCP port free on 127.0.0.1 now, never the same twice in this JVM. */
    static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }

    /** The {@code java} of the running JVM, so every process runs the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The repository's root: the working directory ({@code bin/bench}) or its parent (a test in {@code bench/}). */
    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("bench/pom.xml")) ? here : here.getParent();
    }

    /** Deletes a folder and everything in it; what cannot be deleted stays. */
    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
