package io.tocsin.incident.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox of {@code incidents.events.v1}, {@code tocsin.incident.*}.
 *
 * @param outboxRetryInterval how long a publication the broker did not take waits before it is resubmitted, and how
 *                            often that is checked (default 30 s)
 * @param outboxSendTimeout   how long one send waits for the broker's acknowledgement (default 15 s)
 */
@ConfigurationProperties("tocsin.incident")
public record OutboxSettings(@DefaultValue("30s") Duration outboxRetryInterval,
                             @DefaultValue("15s") Duration outboxSendTimeout) {
}
