package io.tocsin.incident.changes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change to a service.
 *
 * @param id            the id of the message that reported it
 * @param service       the service changed
 * @param summary       what changed (at most 1024 characters)
 * @param source        where (a pipeline, a host); may be empty
 * @param changedAt     when the emitting tool saw it
 * @param customDetails the tool's details (JSON values)
 * @param links         links to the change: each {@code href}, with {@code text} or {@code null}
 */
public record Change(UUID id, String service, String summary, String source, Instant changedAt,
                     Map<String, Object> customDetails, List<Link> links) {

    /** A link to a change. */
    public record Link(String href, String text) {
    }

    public Change {
        customDetails = customDetails == null ? Map.of() : customDetails;
        links = links == null ? List.of() : List.copyOf(links);
        source = source == null ? "" : source;
    }

    /** How the timeline says it: {@code Recent change to checkout 4 min before: Deploy v2.3.1 (argo-cd)}. */
    String describe(Instant incidentOpenedAt) {
        long minutes = Math.max(0, Duration.between(changedAt, incidentOpenedAt).toMinutes());
        String when = changedAt.isAfter(incidentOpenedAt)
                ? Math.max(0, Duration.between(incidentOpenedAt, changedAt).toMinutes()) + " min after it opened"
                : minutes + " min before";
        return "Recent change to " + service + " " + when + ": " + summary + (source.isBlank() ? "" : " (" + source + ")");
    }
}
