package io.tocsin.incident.triage.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The storm rule, {@code tocsin.incident.storm.*}: more than {@code threshold} alerts attached to one incident within
 * {@code window} raise its severity one level, once. Default the seed's "more than 10 reports inside 5 minutes".
 */
@ConfigurationProperties("tocsin.incident.storm")
public record StormSettings(@DefaultValue("10") int threshold, @DefaultValue("5m") Duration window) {
}
