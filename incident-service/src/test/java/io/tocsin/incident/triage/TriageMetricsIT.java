package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tocsin_alerts_triaged_total} as README documents it, scraped from {@code /actuator/prometheus}: every outcome
 * has a series from the start (so {@code rate()} and dashboards see it before its first alert), and a record read
 * again (a consumer group rewound, a redelivery) changes nothing and counts as {@code duplicate}: triage knows the
 * alert's identity and keeps no id per record.
 */
class TriageMetricsIT extends IncidentServiceIT {

    private static final List<String> OUTCOMES = List.of("opened", "attached", "resolved_alert", "duplicate",
            "unknown_resolved", "heartbeat", "redelivered");

    private double triaged(String outcome) {
        String metrics = get("/actuator/prometheus", null, "text/plain").body();
        Matcher m = Pattern.compile("(?m)^tocsin_alerts_triaged_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.eE+]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void everyDocumentedOutcomeHasASeriesFromTheStart() {
        for (String outcome : OUTCOMES) {
            assertThat(triaged(outcome)).as("tocsin_alerts_triaged_total{outcome=\"%s\"}", outcome).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aRecordReadAgainCountsAsDuplicateAndChangesNothing() {
        String group = uniqueGroup("ReadTwice");
        AlertReceived alert = firing(group, "00000000000ead01", now(), Map.of("alertname", "ReadTwice", "severity", "warning"),
                Map.of());
        double opened = triaged("opened");
        send(Topics.ALERTS, alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> triaged("opened") >= opened + 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        int entries = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size();
        double duplicate = triaged("duplicate");
        double redelivered = triaged("redelivered");

        send(Topics.ALERTS, alert); // the same record, as a rewound consumer group reads it again
        send(Topics.ALERTS, alert);

        // Both reads are counted: as duplicate, or the second as redelivered when both land in one poll.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> triaged("duplicate") - duplicate + triaged("redelivered") - redelivered >= 2);
        assertThat(triaged("duplicate") - duplicate).as("the first read again, in a later poll, is a duplicate")
                .isGreaterThanOrEqualTo(1);
        assertThat(incidentsOfGroup(group)).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size()).isEqualTo(entries);
    }
}
