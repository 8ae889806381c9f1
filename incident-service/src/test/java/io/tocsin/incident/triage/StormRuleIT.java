package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Seed rule: "escalate one sev higher if more than 10 reports inside 5 minutes" — 10 is not a storm, 11 is. */
class StormRuleIT extends IncidentServiceIT {

    @Test
    void tenAlertsKeepTheSeverityTheEleventhRaisesItOnce() {
        String group = uniqueGroup("Storm");
        for (int n = 1; n <= 10; n++) {
            send(Topics.ALERTS, firing(group, String.format("%016x", 0x5700L + n), now(),
                    Map.of("alertname", "Storm", "severity", "warning", "instance", "i" + n), Map.of()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1
                && json(get("/api/v1/incidents/" + incidentsOfGroup(group).get(0).get("key").asString(), AUDITOR)).get("alerts").size() == 10);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("severity").asString()).isEqualTo("SEV3");

        send(Topics.ALERTS, firing(group, String.format("%016x", 0x5700L + 11), now(),
                Map.of("alertname", "Storm", "severity", "warning", "instance", "i11"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "SEV2".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("severity").asString()));
        send(Topics.ALERTS, firing(group, String.format("%016x", 0x5700L + 12), now(),
                Map.of("alertname", "Storm", "severity", "warning", "instance", "i12"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").size() == 12);

        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("severity").asString()).as("once per incident").isEqualTo("SEV2");
        JsonNode changes = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        long stormEntries = 0;
        for (JsonNode e : changes) {
            if (e.get("type").asString().equals("severity.changed")) {
                stormEntries++;
                assertThat(e.get("summary").asString()).isEqualTo("Severity raised from SEV3 to SEV2: alert storm: more than 10 alerts within 5 min");
                assertThat(e.get("actor").asString()).isEqualTo("system");
            }
        }
        assertThat(stormEntries).isEqualTo(1);
    }
}
