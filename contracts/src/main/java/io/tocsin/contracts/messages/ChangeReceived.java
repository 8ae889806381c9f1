package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change to a service — a deploy, a build, a configuration change — reported by a CI pipeline or a deploy tool
 * (PagerDuty Events API v2 change events, {@code POST /v2/change/enqueue}), on {@code changes.v1} keyed by service.
 * incident-service records it and shows it on the incidents of the service opened within
 * {@code tocsin.incident.changes.window} after it ("Recent deploy?", seed 004), whichever arrives first.
 *
 * @param eventId       unique id of this message
 * @param occurredAt    when alert-ingest accepted it
 * @param service       the service the integration key names ({@code tocsin.ingest.pagerduty.integrations})
 * @param summary       what changed ({@code payload.summary}, at most 1024 characters)
 * @param source        where the change happened ({@code payload.source}); may be empty
 * @param changedAt     when the emitting tool saw the change ({@code payload.timestamp}), else {@link #receivedAt}
 * @param customDetails {@code payload.custom_details}, as sent (JSON values); may be empty
 * @param links         {@code links}: each {@code href} with an optional {@code text}
 * @param receivedAt    when alert-ingest received the HTTP request
 */
public record ChangeReceived(UUID eventId, Instant occurredAt, String service, String summary, String source,
                             Instant changedAt, Map<String, Object> customDetails, List<Link> links, Instant receivedAt)
        implements ChangeMessage {

    /** A link of a change: {@code href} (required) and {@code text} (may be {@code null}). */
    public record Link(String href, String text) {
    }

    /** Normalises absent collections to empty ones. */
    public ChangeReceived {
        customDetails = customDetails == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customDetails));
        links = links == null ? List.of() : List.copyOf(links);
        source = source == null ? "" : source;
    }

    /** The service: one service's changes are applied in order. */
    @Override
    public String partitionKey() {
        return service;
    }
}
