package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Map;

/**
 * An alert attached to an incident, as the API shows it.
 *
 * @param status {@code firing} or {@code resolved}
 * @param endsAt {@code null} while firing
 */
public record AlertView(String fingerprint, String status, Map<String, String> labels,
                        Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorURL,
                        String severity) {
}
