package io.tocsin.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A set of secrets checked in constant time: each candidate is hashed with SHA-256 (so lengths do
 * not leak) and compared with {@link MessageDigest#isEqual} against every configured secret, with
 * no early exit.
 */
public final class ConstantTimeTokens {

    private final List<byte[]> digests;

    /** @param tokens the accepted secrets; blank ones are ignored */
    public ConstantTimeTokens(List<String> tokens) {
        this.digests = tokens.stream().filter(t -> !t.isBlank()).map(ConstantTimeTokens::sha256).toList();
    }

    /** Whether {@code candidate} equals one of the secrets. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] digest = sha256(candidate);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }

    /** Whether no secret is configured. */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
