package io.tocsin.contracts.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Alert fingerprints exactly as Alertmanager computes them (prometheus/common
 * {@code model/signature.go}, {@code LabelsToSignature} and {@code Fingerprint.String}): FNV-1a 64
 * over the label names sorted by their UTF-8 bytes, each name and each value followed by the byte
 * 0xFF; printed as 16 lowercase hex characters.
 */
public final class Fingerprints {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xFF;

    private Fingerprints() {
    }

    /** The 64-bit signature of a label set; the empty set gives the FNV-1a offset basis. */
    public static long signature(Map<String, String> labels) {
        byte[][] names = labels.keySet().stream()
                .map(n -> n.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned)
                .toArray(byte[][]::new);
        long hash = OFFSET_BASIS;
        for (byte[] name : names) {
            hash = add(hash, name);
            hash = add(hash, SEPARATOR);
            hash = add(hash, labels.get(new String(name, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            hash = add(hash, SEPARATOR);
        }
        return hash;
    }

    /** The fingerprint as Alertmanager prints it: {@code %016x} of the signature. */
    public static String of(Map<String, String> labels) {
        return String.format("%016x", signature(labels));
    }

    private static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = add(hash, b);
        }
        return hash;
    }

    private static long add(long hash, byte b) {
        return (hash ^ (b & 0xFF)) * PRIME;
    }
}
