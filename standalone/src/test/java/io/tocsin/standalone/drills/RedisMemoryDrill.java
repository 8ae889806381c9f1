package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tocsin.contracts.json.TocsinJson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: Redis memory full (seed 004 §3.3 step 5, seed 000 §3.2, seed 001 "Redis memory"). The application's cache
 * fills the drill Redis ({@code maxmemory 8mb}, {@code noeviction}) until writes fail with OOM. The shipped
 * {@code RedisMemoryCritical} fires (its warning twin is inhibited by Alertmanager), Tocsin opens a SEV2 and
 * {@code redis-memory-pressure} asks in Slack for approval of each step. A responder outside the approvers is refused;
 * the approver's signed clicks run {@code CONFIG SET maxmemory-policy allkeys-lru} (writes succeed again) and then the
 * deletion of the {@code cache:*} keys; memory falls and the incident resolves by itself.
 */
class RedisMemoryDrill {

    private static final String INTERN = "UDRILLINTERN";
    private RedisClient client;

    @AfterEach
    void restoreRedis() {
        if (client != null) {
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().flushall();
                c.sync().configSet("maxmemory-policy", "noeviction");
            }
            client.shutdown();
        }
    }

    @Test
    void approvedStepsFreeTheMemoryAndTheIncidentResolvesByItself() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        client = RedisClient.create("redis://127.0.0.1:" + stack.redisPort);
        RedisCommands<String, String> redis = client.connect().sync();
        Instant fault = Instant.now();
        DrillRedis.fillUntilOom(redis, "cache:listing:");

        JsonNode incident = tocsin.awaitIncident("redis", "RedisMemoryCritical", Duration.ofSeconds(90));
        String key = incident.get("key").asString();
        String incidentId = incident.get("id").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("title").asString()).startsWith("Redis uses ").endsWith("of maxmemory (above 95 %)");

        // Step 1 asks; someone who is not an approver is refused, and nothing runs.
        String setPolicy = awaitApprovalRequest(tocsin, key, 0);
        assertThat(tocsin.click("remediation_reject", incidentId + ":" + setPolicy, INTERN).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.ephemeralReplies(INTERN).stream()
                .anyMatch(t -> t.startsWith("You are not allowed to decide this step. Approvers: ")));
        assertThat(tocsin.executions(key).get(0).get("status").asString()).isEqualTo("AWAITING_APPROVAL");

        // The approver approves: the eviction policy changes and the application can write again.
        assertThat(tocsin.click("remediation_approve", incidentId + ":" + setPolicy, DrillStack.APPROVER).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(tocsin.executions(key).get(0).get("status").asString()));
        assertThat(redis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
        assertThat(redis.set("cache:listing:after-lru", DrillRedis.VALUE)).isEqualTo("OK");

        // Step 2 asks too; approved, it deletes the cache keys and memory falls below the warning threshold.
        String deleteKeys = awaitApprovalRequest(tocsin, key, 1);
        tocsin.click("remediation_approve", incidentId + ":" + deleteKeys, DrillStack.APPROVER);
        JsonNode deleted = await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.executions(key).get(1),
                e -> "SUCCEEDED".equals(e.get("status").asString()));
        assertThat(deleted.get("summary").asString()).startsWith("deleted ").contains("keys matching cache:*");
        assertThat(redis.dbsize()).isZero();
        assertThat(deleted.get("decidedBy").asString()).isEqualTo("slack:" + DrillStack.APPROVER);

        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(60));
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.entries(key)).containsSubsequence(
                "incident.opened alertmanager", "remediation.awaiting_approval remediation",
                "remediation.approved slack:" + DrillStack.APPROVER, "remediation.started remediation",
                "remediation.succeeded remediation", "remediation.awaiting_approval remediation",
                "remediation.approved slack:" + DrillStack.APPROVER, "remediation.started remediation",
                "remediation.succeeded remediation", "alert.resolved alertmanager", "incident.resolved alertmanager"));
        assertThat(tocsin.chainValid(key)).isTrue();
        DrillClient.SlackCall root = tocsin.slackRoot(key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV2] " + key));
        assertThat(tocsin.alertsOpenedSince(fault)).as("RedisMemoryHigh stays inhibited by Alertmanager")
                .containsExactly("redis/RedisMemoryCritical");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(incident));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("remediated", Instant.parse(deleted.get("finishedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("redis-memory (2 approvals)", fault, times);
    }

    /** Waits for step {@code index}'s approval request in the incident's Slack thread; returns its execution id. */
    private static String awaitApprovalRequest(DrillClient tocsin, String key, int index) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String execution = tocsin.executions(key).get(index).get("id").asString();
            boolean asked = tocsin.slackCalls().stream().anyMatch(c -> c.method().equals("chat.postMessage")
                    && c.form().getOrDefault("blocks", "").contains("remediation_approve")
                    && approveValues(c.form().get("blocks")).stream().anyMatch(v -> v.endsWith(":" + execution)));
            return asked ? execution : null;
        }, java.util.Objects::nonNull);
    }

    private static java.util.List<String> approveValues(String blocks) {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (JsonNode block : TocsinJson.mapper().readTree(blocks)) {
            for (JsonNode element : block.path("elements")) {
                if ("remediation_approve".equals(element.path("action_id").asString())) {
                    values.add(element.path("value").asString());
                }
            }
        }
        return values;
    }
}
