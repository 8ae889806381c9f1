package io.tocsin.platform.web;

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
        return indexOf(candidate) >= 0;
    }

    /**
     * The position (in the list given to the constructor, blanks skipped) of the secret {@code candidate}
     * equals, or -1; every secret is compared whatever matched, so timing reveals nothing.
     */
    public int indexOf(String candidate) {
        if (candidate == null) {
            return -1;
        }
        byte[] digest = sha256(candidate);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), digest)) {
                found = i;
            }
        }
        return found;
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
