package io.tocsin.incident.triage;

import io.tocsin.contracts.alerts.GroupingKeys;
import io.tocsin.incident.incident.Alert;
import java.util.List;

/**
 * Which open incident an alert belongs to: one open incident per grouping key (a partial unique index holds it). The
 * key is the one alert-ingest keys the alert's record with ({@link GroupingKeys}): Alertmanager's {@code groupKey}, or,
 * with {@code tocsin.incident.group-by}, the values of those labels, {@code {database="orders", service="postgres"}}.
 */
public final class GroupingKey {

    private final GroupingKeys keys;

    public GroupingKey(List<String> groupBy) {
        this.keys = new GroupingKeys(groupBy);
    }

    /** Whether keys are Alertmanager's {@code groupKey}s (no {@code group-by} labels configured). */
    public boolean isAlertmanagerGroupKey() {
        return keys.isAlertmanagerGroupKey();
    }

    /** The grouping key of {@code alert}. */
    public String of(Alert alert) {
        return keys.of(alert.groupKey(), alert.labels());
    }

    /** The grouping key of an acknowledged alert. */
    public String of(AlertAcknowledgement acknowledgement) {
        return keys.of(acknowledgement.groupKey(), acknowledgement.labels());
    }
}
