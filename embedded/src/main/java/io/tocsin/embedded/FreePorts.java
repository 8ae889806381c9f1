package io.tocsin.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Loopback ports for what Tocsin starts on this machine (the embedded PostgreSQL and Kafka of a standalone that is not
 * given ports) and for the processes tests and benches start: free when asked and never handed out twice in one JVM.
 * A port probed with {@code new ServerSocket(0)} is free again once the probe closes, and the kernel may offer it to
 * the next probe: CI once gave a standalone's remediation-worker the port it had just given its embedded Kafka.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A TCP port free now, different from every port this method returned before in this JVM. */
    public static synchronized int next() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port", e);
            }
        }
    }
}
