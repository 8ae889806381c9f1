package io.tocsin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Loopback ports for the processes a benchmark starts: free when asked and never handed out twice in one JVM (a
 * port probed with {@code new ServerSocket(0)} is free again once the probe closes, and the kernel may offer it to the
 * next probe; the scale scenario asks for some twenty).
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
