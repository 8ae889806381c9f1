package io.tocsin.incident.feeds;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each remediation step's outcome shows on the incident's timeline, once, by actor "remediation". */
class RemediationTimelineIT extends IncidentServiceIT {

    @Test
    void remediationOutcomesAreTimelineEntriesRecordedOnce() {
        String group = uniqueGroup("RedisMemoryHigh");
        send(Topics.ALERTS, firing(group, "00000000000000e1", now(), Map.of("alertname", "RedisMemoryHigh", "service", "redis"),
                Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        UUID id = UUID.fromString(incidentsOfGroup(group).get(0).get("id").asString());
        UUID execution = UUID.randomUUID();

        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationStarted(UUID.randomUUID(), Instant.now(), id,
                execution, "redis-memory-high", 0, "redis.set-config", false));
        var succeeded = new RemediationResult.RemediationSucceeded(UUID.randomUUID(), Instant.now(), id, execution,
                "redis-memory-high", 0, "redis.set-config", false,
                Map.of("summary", "set maxmemory-policy from noeviction to allkeys-lru", "before", "noeviction"));
        send(Topics.REMEDIATION_RESULTS, succeeded);
        send(Topics.REMEDIATION_RESULTS, succeeded); // redelivery

        await().atMost(Duration.ofSeconds(30)).until(() -> remediationEntries(id).size() >= 2);
        JsonNode entries = remediationEntries(id);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("type").asString()).isEqualTo("remediation.started");
        JsonNode done = entries.get(1);
        assertThat(done.get("type").asString()).isEqualTo("remediation.succeeded");
        assertThat(done.get("actor").asString()).isEqualTo("remediation");
        assertThat(done.get("summary").asString()).isEqualTo("Remediation succeeded: redis.set-config "
                + "(runbook redis-memory-high, step 1): set maxmemory-policy from noeviction to allkeys-lru");
        assertThat(done.get("details").get("report").get("before").asString()).isEqualTo("noeviction");
        assertThat(json(get("/api/v1/incidents/" + id + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    @Test
    void everyApprovalDecisionIsATimelineEntryWithWhoAndWhen() {
        String group = uniqueGroup("PgPoolExhausted");
        send(Topics.ALERTS, firing(group, "00000000000000e2", now(), Map.of("alertname", "PgPoolExhausted", "service", "pg"),
                Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();
        UUID id = UUID.fromString(incidentsOfGroup(group).get(0).get("id").asString());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        Instant expires = Instant.now().plus(Duration.ofMinutes(30));
        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationAwaitingApproval(UUID.randomUUID(), Instant.now(), id,
                first, "pg-pool", 0, "docker.restart-container", Map.of("container", "pgbouncer"), List.of("ULEAD"),
                List.of("SDBAS"), expires));
        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationApproved(UUID.randomUUID(), Instant.now(), id,
                first, "pg-pool", 0, "docker.restart-container", "slack:ULEAD"));
        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationRejected(UUID.randomUUID(), Instant.now(), id,
                second, "pg-pool", 1, "docker.restart-container", "slack:UDBA2", "peak traffic"));
        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationSkipped(UUID.randomUUID(), Instant.now(), id,
                third, "pg-pool", 2, "http.request", "approval_expired"));
        send(Topics.REMEDIATION_RESULTS, new RemediationResult.RemediationSkipped(UUID.randomUUID(), Instant.now(), id,
                UUID.randomUUID(), "pg-pool", 3, "http.request", "incident_resolved"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !entries(key, "remediation.cancelled").isEmpty());
        JsonNode requested = entries(key, "remediation.awaiting_approval").getFirst();
        assertThat(requested.get("details").get("approvers").get(0).asString()).isEqualTo("ULEAD");
        assertThat(requested.get("details").get("expiresAt").asString()).isEqualTo(expires.toString());
        JsonNode approved = entries(key, "remediation.approved").getFirst();
        assertThat(approved.get("actor").asString()).isEqualTo("slack:ULEAD");
        assertThat(approved.get("details").get("decidedAt").asString()).isNotBlank();
        JsonNode rejected = entries(key, "remediation.rejected").getFirst();
        assertThat(rejected.get("actor").asString()).isEqualTo("slack:UDBA2");
        assertThat(rejected.get("details").get("reason").asString()).isEqualTo("peak traffic");
        assertThat(entries(key, "remediation.approval_expired").getFirst().get("details").get("reason").asString())
                .isEqualTo("approval_expired");
        assertThat(entries(key, "remediation.cancelled").getFirst().get("summary").asString())
                .startsWith("Remediation cancelled, the incident resolved");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    private JsonNode remediationEntries(UUID id) {
        var out = io.tocsin.contracts.json.TocsinJson.mapper().createArrayNode();
        for (JsonNode e : json(get("/api/v1/incidents/" + id + "/timeline", AUDITOR))) {
            if ("remediation".equals(e.get("actor").asString())) {
                out.add(e);
            }
        }
        return out;
    }
}
