package io.tocsin.notify.outbound;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outbound paging, {@code tocsin.outbound.*}: both destinations are off until configured.
 *
 * @param webhook     a signed outgoing webhook
 * @param pagerduty   forwarding to PagerDuty Events API v2
 * @param interval    how often each instance looks for due deliveries
 * @param maxAttempts attempts for a retryable failure (network error, timeout, 429, 5xx) before a delivery fails
 * @param backoff     the wait after the first failed attempt, doubling up to {@code maxBackoff}
 * @param maxBackoff  the longest wait between attempts
 */
@Validated
@ConfigurationProperties("tocsin.outbound")
public record OutboundSettings(
        @NotNull @DefaultValue Webhook webhook,
        @NotNull @DefaultValue PagerDuty pagerduty,
        @NotNull @DefaultValue("1s") Duration interval,
        @DefaultValue("12") int maxAttempts,
        @NotNull @DefaultValue("2s") Duration backoff,
        @NotNull @DefaultValue("5m") Duration maxBackoff) {

    /**
     * The outgoing webhook ({@code TOCSIN_OUTBOUND_WEBHOOK_URL}, {@code _SECRET}): every incident event and page is
     * POSTed as JSON, signed like Slack signs its requests ({@link WebhookSignature}).
     *
     * @param url    where to POST; empty = off
     * @param secret the HMAC-SHA256 key the receiver checks signatures with; required with {@code url}
     */
    public record Webhook(String url, String secret) {

        public Webhook {
            if (url != null && !url.isBlank() && (secret == null || secret.isBlank())) {
                throw new IllegalArgumentException("tocsin.outbound.webhook.secret (TOCSIN_OUTBOUND_WEBHOOK_SECRET): is "
                        + "required with the webhook url, to sign its requests");
            }
        }

        /** Whether it is configured. */
        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * PagerDuty Events API v2 ({@code TOCSIN_OUTBOUND_PAGERDUTY_ENABLED}, {@code _API_URL}, {@code _ROUTING_KEY}): each announced incident is a {@code trigger}, its
     * acknowledgement an {@code acknowledge} and its resolution a {@code resolve}, with {@code dedup_key}
     * {@code tocsin-<incident id>}.
     *
     * @param enabled     forward to PagerDuty
     * @param apiUrl      the enqueue endpoint, default {@code https://events.pagerduty.com/v2/enqueue}
     * @param routingKey  the integration key of the PagerDuty service incidents go to; empty = only those of
     *                    {@code routingKeys}
     * @param routingKeys a Tocsin {@code service} → the integration key of its PagerDuty service
     */
    public record PagerDuty(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://events.pagerduty.com/v2/enqueue") String apiUrl,
            String routingKey,
            Map<String, String> routingKeys) {

        public PagerDuty {
            routingKeys = routingKeys == null ? Map.of() : Map.copyOf(routingKeys);
        }

        /** The integration key for incidents of {@code service}; {@code null} = not forwarded. */
        public String routingKeyFor(String service) {
            String key = service == null ? null : routingKeys.get(service);
            if (key == null || key.isBlank()) {
                key = routingKey;
            }
            return key == null || key.isBlank() ? null : key;
        }
    }
}
