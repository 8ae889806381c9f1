package io.tocsin.contracts.alerts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Tocsin's grouping key: which open incident an alert belongs to (one open incident per key), and the Kafka key of
 * its record on {@code alerts.v1}, so that all alerts of one incident reach one partition and so one consumer. The key
 * is Alertmanager's {@code groupKey}, or, with {@code TOCSIN_INCIDENT_GROUP_BY} ({@code tocsin.incident.group-by}), the
 * values of those labels in Alertmanager's own notation: {@code {database="orders", service="postgres"}} (labels
 * sorted, values quoted, a missing label empty). alert-ingest and incident-service must be given the same labels.
 */
public final class GroupingKeys {

    private final List<String> groupBy;

    /** @param groupBy label names; empty = Alertmanager's {@code groupKey} */
    public GroupingKeys(List<String> groupBy) {
        this.groupBy = List.copyOf(groupBy);
    }

    /** Whether keys are Alertmanager's {@code groupKey}s (no {@code group-by} labels configured). */
    public boolean isAlertmanagerGroupKey() {
        return groupBy.isEmpty();
    }

    /** The grouping key of an alert with these labels in the Alertmanager group {@code groupKey}. */
    public String of(String groupKey, Map<String, String> labels) {
        if (groupBy.isEmpty()) {
            return groupKey;
        }
        Map<String, String> values = new TreeMap<>();
        for (String label : groupBy) {
            values.put(label, labels.getOrDefault(label, ""));
        }
        return values.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
