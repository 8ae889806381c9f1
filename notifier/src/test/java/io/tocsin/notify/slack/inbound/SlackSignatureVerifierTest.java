package io.tocsin.notify.slack.inbound;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Slack's own test vector passes; forged, stale, unsigned and altered requests do not. */
class SlackSignatureVerifierTest {

    // api.slack.com/authentication/verifying-requests-from-slack, "Validating a request"
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignatureVerifier at(long epochSecond) {
        return new SlackSignatureVerifier(SECRET, Duration.ofSeconds(300),
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void acceptsSlacksPublishedExample() {
        assertThatCode(() -> at(1531420618L).verify(TIMESTAMP, SIGNATURE, BODY)).doesNotThrowAnyException();
        assertThatCode(() -> at(1531420618L + 300).verify(TIMESTAMP, SIGNATURE, BODY)).doesNotThrowAnyException();
    }

    @Test
    void rejectsStaleOrFutureTimestampBeyondFiveMinutes() {
        assertThatThrownBy(() -> at(1531420618L + 301).verify(TIMESTAMP, SIGNATURE, BODY))
                .isInstanceOf(SlackSignatureVerifier.RejectedRequest.class).hasMessageContaining("301 s");
        assertThatThrownBy(() -> at(1531420618L - 301).verify(TIMESTAMP, SIGNATURE, BODY))
                .isInstanceOf(SlackSignatureVerifier.RejectedRequest.class);
    }

    @Test
    void rejectsForgedSignatureAlteredBodyAndMissingHeaders() {
        SlackSignatureVerifier verifier = at(1531420618L);
        assertThatThrownBy(() -> verifier.verify(TIMESTAMP, SIGNATURE.replace('a', 'b'), BODY))
                .hasMessage("signature does not match");
        byte[] altered = new String(BODY, StandardCharsets.UTF_8).replace("roadrunner", "coyote").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(TIMESTAMP, SIGNATURE, altered)).hasMessage("signature does not match");
        assertThatThrownBy(() -> verifier.verify(null, SIGNATURE, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> verifier.verify(TIMESTAMP, null, BODY)).hasMessageContaining("missing");
        assertThatThrownBy(() -> verifier.verify("yesterday", SIGNATURE, BODY)).hasMessageContaining("not a number");
    }

    @Test
    void rejectsEverythingWithoutASigningSecret() {
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(" ", Duration.ofSeconds(300), Clock.systemUTC());
        assertThatThrownBy(() -> verifier.verify(TIMESTAMP, SIGNATURE, BODY)).hasMessageContaining("no signing secret");
    }
}
