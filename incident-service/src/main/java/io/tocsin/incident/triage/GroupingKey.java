package io.tocsin.incident.triage;

import io.tocsin.incident.incident.Alert;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which open incident an alert belongs to: one open incident per grouping key (a partial unique index holds it). The
 * key is Alertmanager's {@code groupKey}, or, with {@code tocsin.incident.group-by}, the values of those labels in
 * Alertmanager's own notation: {@code {database="orders", service="postgres"}} (labels sorted, values quoted, a
 * missing label empty).
 */
public final class GroupingKey {

    private final List<String> groupBy;

    public GroupingKey(List<String> groupBy) {
        this.groupBy = List.copyOf(groupBy);
    }

    /** Whether keys are Alertmanager's {@code groupKey}s (no {@code group-by} labels configured). */
    public boolean isAlertmanagerGroupKey() {
        return groupBy.isEmpty();
    }

    /** The grouping key of {@code alert}. */
    public String of(Alert alert) {
        if (groupBy.isEmpty()) {
            return alert.groupKey();
        }
        Map<String, String> values = new TreeMap<>();
        for (String label : groupBy) {
            values.put(label, alert.labels().getOrDefault(label, ""));
        }
        return values.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
