package io.tocsin.notify.slack.inbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack's request signature (api.slack.com/authentication/verifying-requests-from-slack):
 * {@code X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body))},
 * compared in constant time, with the timestamp within {@code tolerance} of now either way.
 */
public final class SlackSignatureVerifier {

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * @param signingSecret the app's signing secret; {@code null} or blank rejects every request
     * @param tolerance     how far the request timestamp may be from now (Slack: 5 minutes)
     */
    public SlackSignatureVerifier(String signingSecret, Duration tolerance, Clock clock) {
        this.secret = signingSecret == null || signingSecret.isBlank() ? null : signingSecret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Checks one request.
     *
     * @throws RejectedRequest naming why: no secret configured, missing header, stale timestamp, bad signature
     */
    public void verify(String timestamp, String signature, byte[] body) {
        if (secret == null) {
            throw new RejectedRequest("no signing secret configured (tocsin.slack.signing-secret)");
        }
        if (timestamp == null || signature == null) {
            throw new RejectedRequest("missing X-Slack-Request-Timestamp or X-Slack-Signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new RejectedRequest("X-Slack-Request-Timestamp is not a number");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            throw new RejectedRequest("request timestamp is " + skew + " s from now (at most " + tolerance.toSeconds() + " s)");
        }
        byte[] expected = sign(timestamp.strip(), body).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new RejectedRequest("signature does not match");
        }
    }

    /** {@code v0=<hex hmac>} of a timestamp and body. */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** A request that is not verifiably from Slack; answered 401, nothing happens. */
    public static class RejectedRequest extends RuntimeException {
        public RejectedRequest(String reason) {
            super(reason);
        }
    }
}
