package io.tocsin.notify.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A webhook without a secret would send unsigned requests, or none: start-up refuses it, naming the setting. */
class OutboundSettingsTest {

    @Test
    void aWebhookUrlWithoutASecretIsRefused() {
        assertThatThrownBy(() -> new OutboundSettings.Webhook("https://bridge.example.com/tocsin", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tocsin.outbound.webhook.secret (TOCSIN_OUTBOUND_WEBHOOK_SECRET): is required");
        assertThat(new OutboundSettings.Webhook(null, null).enabled()).isFalse();
        assertThat(new OutboundSettings.Webhook("https://bridge.example.com/tocsin", "s3cret").enabled()).isTrue();
    }

    @Test
    void theSignatureIsSlacksSchemeOverTimestampAndBody() {
        assertThat(WebhookSignature.sign("8f742231b10e8888abcd99yyyzzz85a5", 1531420618,
                "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"))
                .as("Slack's documented example request signature")
                .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }
}
