package io.tocsin.incident.timeline;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What an auditor relies on: an append-only timeline, a chain that exposes tampering, CSV export, filters. */
class TimelineAuditIT extends IncidentServiceIT {

    @Autowired
    JdbcClient jdbc;

    private JsonNode openIncident(String name, String severity) {
        String group = uniqueGroup(name);
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getLeastSignificantBits()), now(),
                Map.of("alertname", name, "service", "audit-" + name, "severity", severity), Map.of("summary", name + " \"quoted\", with comma")));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        return incidentsOfGroup(group).get(0);
    }

    @Test
    void databaseRefusesToEditOrDeleteTimelineEntries() {
        UUID id = UUID.fromString(openIncident("AppendOnly", "warning").get("id").asString());
        assertThatThrownBy(() -> jdbc.sql("UPDATE timeline_entry SET summary = 'edited' WHERE incident_id = ?")
                .param(id).update()).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM timeline_entry WHERE incident_id = ?").param(id).update())
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void verificationExposesAnEntryEditedBehindTheApplicationsBack() {
        JsonNode incident = openIncident("Tampered", "critical");
        String key = incident.get("key").asString();
        UUID id = UUID.fromString(incident.get("id").asString());
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();

        // A superuser disables the guard and rewrites history.
        jdbc.sql("ALTER TABLE timeline_entry DISABLE TRIGGER timeline_entry_no_update_delete").update();
        try {
            jdbc.sql("UPDATE timeline_entry SET actor = 'api:mallory' WHERE incident_id = ? AND sequence = 1").param(id).update();
        } finally {
            jdbc.sql("ALTER TABLE timeline_entry ENABLE TRIGGER timeline_entry_no_update_delete").update();
        }

        JsonNode verification = json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR));
        assertThat(verification.get("valid").asBoolean()).isFalse();
        assertThat(verification.get("brokenSequence").asInt()).isEqualTo(1);
    }

    @Test
    void timelineExportsAsCsv() {
        String key = openIncident("CsvExport", "info").get("key").asString();
        var csv = get("/api/v1/incidents/" + key + "/timeline", AUDITOR, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("sequence,at,type,actor,summary,details,hash,previousHash");
        assertThat(lines[1]).startsWith("1,").contains(",incident.opened,alertmanager,")
                .contains("\"Incident " + key + " opened: CsvExport \"\"quoted\"\", with comma (SEV4)\"");
        assertThat(lines).hasSize(1 + json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).size());
    }

    @Test
    void listFiltersByStatusSeverityAndServiceAndPages() {
        openIncident("FilterMe", "critical");
        JsonNode page = json(get("/api/v1/incidents?service=audit-FilterMe&severity=SEV2&status=TRIGGERED&size=1&page=0", AUDITOR));
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("service").asString()).isEqualTo("audit-FilterMe");
        assertThat(json(get("/api/v1/incidents?service=audit-FilterMe&severity=SEV4", AUDITOR)).get("total").asLong()).isZero();
        assertThat(json(get("/api/v1/incidents?service=audit-FilterMe&from=2999-01-01T00:00:00Z", AUDITOR)).get("total").asLong())
                .isZero();

        var badSize = get("/api/v1/incidents?size=0", AUDITOR);
        assertThat(badSize.statusCode()).isEqualTo(400);
        assertThat(json(badSize).get("message").asString()).startsWith("size:");
        assertThat(json(get("/api/v1/incidents?status=OPEN", AUDITOR)).get("message").asString()).startsWith("status:");
        assertThat(json(get("/api/v1/incidents?from=yesterday", AUDITOR)).get("message").asString()).startsWith("from:");
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
    }
}
