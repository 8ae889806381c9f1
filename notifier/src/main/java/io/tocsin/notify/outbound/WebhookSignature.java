package io.tocsin.notify.outbound;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the outgoing webhook signs its requests: Slack's request-signing scheme with Tocsin's header names, so a receiver
 * can reuse a Slack signature check. Headers {@code X-Tocsin-Request-Timestamp: <unix seconds>} and
 * {@code X-Tocsin-Signature: v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + body, keyed with the secret>}. A receiver
 * recomputes the signature over the raw body, compares in constant time, and refuses timestamps more than five minutes
 * from its clock (replays).
 */
public final class WebhookSignature {

    /** The timestamp header. */
    public static final String TIMESTAMP = "X-Tocsin-Request-Timestamp";
    /** The signature header. */
    public static final String SIGNATURE = "X-Tocsin-Signature";

    private WebhookSignature() {
    }

    /** {@code v0=<hex>} for {@code body} sent at {@code timestamp} (unix seconds). */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
