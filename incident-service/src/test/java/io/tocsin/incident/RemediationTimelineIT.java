package io.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.common.messages.RemediationResult;
import io.tocsin.common.messages.Topics;
import java.time.Duration;
import java.time.Instant;
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

    private JsonNode remediationEntries(UUID id) {
        var out = io.tocsin.common.json.TocsinJson.mapper().createArrayNode();
        for (JsonNode e : json(get("/api/v1/incidents/" + id + "/timeline", AUDITOR))) {
            if ("remediation".equals(e.get("actor").asString())) {
                out.add(e);
            }
        }
        return out;
    }
}
