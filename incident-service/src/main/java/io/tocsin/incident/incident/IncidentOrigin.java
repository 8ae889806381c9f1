package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What an incident was opened for and from; fixed for its life.
 *
 * @param id                 its id
 * @param number             the {@code n} of {@code INC-n}, from a sequence
 * @param title              the first alert's title ({@link Alert#title()})
 * @param service            the first alert's {@code service} label; {@code null} when it had none
 * @param groupingKey        Tocsin's grouping key ({@code tocsin.incident.group-by}), one open incident per key
 * @param groupKey           Alertmanager's {@code groupKey} of the first alert's notification
 * @param receiver           Alertmanager's receiver that sent it
 * @param source             who reported the first alert: {@code alertmanager}, {@code heartbeat}, {@code backup-verifier}
 * @param externalUrl        Alertmanager's {@code externalURL}; {@code null} for other sources
 * @param openedAt           when it opened
 * @param previousIncidentId the last incident of the same grouping key, which this one follows; {@code null} when none
 * @param labels             the first alert's labels: what escalation policies match on ({@code service},
 *                           {@code team} …); {@code null} for incidents opened before they were kept, which keep
 *                           following the built-in matrix
 */
public record IncidentOrigin(UUID id, long number, String title, String service, String groupingKey, String groupKey,
                             String receiver, String source, String externalUrl, Instant openedAt,
                             UUID previousIncidentId, Map<String, String> labels) {

    public IncidentOrigin {
        labels = labels == null ? null : Map.copyOf(labels);
    }

    /** {@code INC-<number>}. */
    public String key() {
        return "INC-" + number;
    }
}
