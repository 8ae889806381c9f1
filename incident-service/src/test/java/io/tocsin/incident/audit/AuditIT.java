package io.tocsin.incident.audit;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What auditors get: the whole-period chain check that names a tampered entry, reports, post-mortem drafts, an access log. */
@ExtendWith(OutputCaptureExtension.class)
class AuditIT extends IncidentServiceIT {

    @Autowired
    JdbcClient jdbc;

    private UUID incidentWithEntries(String name) {
        String group = uniqueGroup(name);
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", name, "severity", "warning", "instance", "a"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"note\":\"first look\"}");
        post("/api/v1/incidents/" + key + "/notes", RESPONDER, "{\"note\":\"second look\"}");
        return UUID.fromString(incidentsOfGroup(group).get(0).get("id").asString());
    }

    private void tamper(UUID incident, String... statements) {
        jdbc.sql("ALTER TABLE timeline_entry DISABLE TRIGGER timeline_entry_no_update_delete").update();
        try {
            for (String sql : statements) {
                jdbc.sql(sql).param(incident).update();
            }
        } finally {
            jdbc.sql("ALTER TABLE timeline_entry ENABLE TRIGGER timeline_entry_no_update_delete").update();
        }
    }

    private JsonNode verify(Instant from, Instant to) {
        return json(get("/api/v1/audit/verify?from=" + from + "&to=" + to, AUDITOR));
    }

    @Test
    void verificationNamesAnEditedADeletedAndAReorderedEntry() throws Exception {
        Instant t0 = Instant.now();
        UUID edited = incidentWithEntries("AuditEdited");
        Instant t1 = Instant.now();
        UUID deleted = incidentWithEntries("AuditDeleted");
        Instant t2 = Instant.now();
        UUID reordered = incidentWithEntries("AuditReordered");
        Instant t3 = Instant.now().plusSeconds(5);
        JsonNode intact = verify(t0, t3);
        assertThat(intact.get("status").asString()).isEqualTo("intact");
        assertThat(intact.get("incidentsChecked").asInt()).isEqualTo(3);
        assertThat(intact.get("entriesChecked").asInt()).isEqualTo(3 * 4);

        tamper(edited, "UPDATE timeline_entry SET summary = 'nothing to see' WHERE incident_id = ? AND sequence = 3");
        tamper(deleted, "DELETE FROM timeline_entry WHERE incident_id = ? AND sequence = 2");
        tamper(reordered, // swap entries 3 and 4
                "UPDATE timeline_entry SET sequence = 1000 WHERE incident_id = ? AND sequence = 3",
                "UPDATE timeline_entry SET sequence = 3 WHERE incident_id = ? AND sequence = 4",
                "UPDATE timeline_entry SET sequence = 4 WHERE incident_id = ? AND sequence = 1000");

        JsonNode e = verify(t0, t1);
        assertThat(e.get("status").asString()).isEqualTo("broken");
        assertThat(e.get("incidentId").asString()).isEqualTo(edited.toString());
        assertThat(e.get("incident").asString()).startsWith("INC-");
        assertThat(e.get("sequence").asInt()).isEqualTo(3);
        assertThat(e.get("reason").asString()).isEqualTo("hash does not match the entry's content");
        assertThat(e.get("expected").asString()).isNotEqualTo(e.get("actual").asString());

        JsonNode d = verify(t1, t2);
        assertThat(d.get("incidentId").asString()).isEqualTo(deleted.toString());
        assertThat(d.get("sequence").asInt()).isEqualTo(3);
        assertThat(d.get("expected").asString()).isEqualTo("2");
        assertThat(d.get("actual").asString()).isEqualTo("3");

        JsonNode r = verify(t2, t3);
        assertThat(r.get("incidentId").asString()).isEqualTo(reordered.toString());
        assertThat(r.get("sequence").asInt()).isEqualTo(3);
        assertThat(r.get("reason").asString()).startsWith("previousHash does not match");
    }

    @Test
    void entriesCutFromTheEndAreNamedAgainstThePinnedHead() {
        UUID incident = incidentWithEntries("AuditTruncated");
        String path = "/api/v1/incidents/" + incident + "/timeline/verification";
        JsonNode pinned = json(get(path, AUDITOR));
        assertThat(pinned.get("headSequence").asInt()).isEqualTo(4);
        String pin = "?pinnedSequence=" + pinned.get("headSequence").asInt() + "&pinnedHash=" + pinned.get("headHash").asString();
        assertThat(json(get(path + pin, AUDITOR)).get("valid").asBoolean()).isTrue();

        tamper(incident, "DELETE FROM timeline_entry WHERE incident_id = ? AND sequence = 4");
        assertThat(json(get(path, AUDITOR)).get("valid").asBoolean()).as("a shorter chain still links up").isTrue();
        JsonNode truncated = json(get(path + pin, AUDITOR));
        assertThat(truncated.get("valid").asBoolean()).isFalse();
        assertThat(truncated.get("brokenSequence").asInt()).isEqualTo(4);
        assertThat(truncated.get("reason").asString()).contains("removed from its end");

        assertThat(get(path + "?pinnedSequence=4", AUDITOR).statusCode()).isEqualTo(400);
        assertThat(json(get(path + "?pinnedSequence=4&pinnedHash=xyz", AUDITOR)).get("message").asString()).startsWith("pinnedHash");
    }

    @Test
    void responseTimeReportOnAFixtureEqualsHandComputedFiguresAsJsonAndCsv() {
        String service = "report-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.parse("2001-03-01T10:00:00Z");
        long[][] fixture = {{60, 3600}, {300, 7200}, {1200, 20000}}; // SEV2: ack after s, resolved after s
        for (long[] f : fixture) {
            jdbc.sql("""
                            INSERT INTO incident (id, number, title, status, severity, service, grouping_key, group_key, source,
                                                  opened_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by)
                            VALUES (?, nextval('incident_number_seq'), 'fixture', 'RESOLVED', 'SEV2', ?, ?, ?, 'test', ?, ?, 'api:a', ?, 'api:a')""")
                    .params(UUID.randomUUID(), service, "fixture-" + UUID.randomUUID(), "g", java.sql.Timestamp.from(t0),
                            java.sql.Timestamp.from(t0.plusSeconds(f[0])), java.sql.Timestamp.from(t0.plusSeconds(f[1])))
                    .update();
        }
        String query = "/api/v1/reports/response-times?from=2001-03-01T00:00:00Z&to=2001-03-02T00:00:00Z&groupBy=service";
        JsonNode report = json(get(query, AUDITOR));
        JsonNode group = null;
        for (JsonNode g : report.get("groups")) {
            if (g.get("group").asString().equals(service)) {
                group = g;
            }
        }
        assertThat(group.get("incidents").asInt()).isEqualTo(3);
        assertThat(group.get("mtta").get("mean").asDouble()).isEqualTo(520.0);
        assertThat(group.get("mtta").get("p50").asLong()).isEqualTo(300);
        assertThat(group.get("mttr").get("p90").asLong()).isEqualTo(20000);
        assertThat(group.get("ackTargetMet").asInt()).isEqualTo(2);
        assertThat(group.get("ackTargetMissed").asInt()).isEqualTo(1);
        assertThat(group.get("resolveTargetMissed").asInt()).isEqualTo(1);

        String csv = get(query, AUDITOR, "text/csv").body();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("group,incidents,acknowledged,resolved,mtta_mean_s");
        assertThat(csv).contains(service + ",3,3,3,520.0,300,1200,10266.7,7200,20000,2,1,2,1");
        assertThat(get("/api/v1/reports/response-times?groupBy=team", AUDITOR).statusCode()).isEqualTo(400);
    }

    @Test
    void postMortemDraftFollowsTheSeedTemplateWithTheTimeline(CapturedOutput output) {
        UUID id = incidentWithEntries("AuditPostmortem");
        var response = get("/api/v1/incidents/" + id + "/postmortem", AUDITOR, "text/markdown");
        assertThat(response.statusCode()).isEqualTo(200);
        String md = response.body();
        assertThat(md).startsWith("---\ntitle: Post-mortem — AuditPostmortem (INC-").contains("severity: SEV3",
                "## Summary", "## Timeline (UTC)", "— Incident INC-", "(alertmanager)", "— second look (api:token-2)",
                "## Impact", "## Root cause", "## Action items", "| # | Item | Owner | Due | Ticket |");
        // Logged when the request completes, which can be just after the client has the response.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                output.getOut().contains("audit.read principal=token-1 path=/api/v1/incidents/" + id + "/postmortem"));
    }
}
