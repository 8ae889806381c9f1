package io.tocsin.incident.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One open incident per grouping key: Alertmanager's groupKey, or the configured labels in its own notation. */
class GroupingKeyTest {

    private static Alert alert(Map<String, String> labels) {
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        return new Alert(UUID.randomUUID(), "00000000000000f1", Alert.Status.FIRING, labels, Map.of(), t, null, "",
                "{}:{alertname=\"X\"}", "r", "", "alertmanager", t, t);
    }

    @Test
    void withoutGroupByTheKeyIsAlertmanagersGroupKey() {
        assertThat(new GroupingKey(List.of()).of(alert(Map.of("service", "api")))).isEqualTo("{}:{alertname=\"X\"}");
    }

    @Test
    void withGroupByTheKeyIsTheSortedQuotedLabelValuesAMissingLabelEmpty() {
        GroupingKey key = new GroupingKey(List.of("service", "database", "cluster"));
        assertThat(key.of(alert(Map.of("service", "pg", "database", "or\"ders", "alertname", "A"))))
                .isEqualTo("{cluster=\"\", database=\"or\\\"ders\", service=\"pg\"}");
        assertThat(key.of(alert(Map.of("service", "pg", "database", "or\"ders", "alertname", "B"))))
                .as("other labels do not matter").isEqualTo(key.of(alert(Map.of("service", "pg", "database", "or\"ders"))));
    }
}
