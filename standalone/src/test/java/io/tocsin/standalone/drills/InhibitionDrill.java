package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: a critical and a warning on one service (seed 000 "Alert Routing": warnings are suppressed while a critical
 * of the same service fires). The sessions Redis fills to 100 %: {@code RedisMemoryCritical} and {@code RedisMemoryHigh} both fire
 * in Prometheus, and responders see one incident, the critical one; Alertmanager's inhibit rule holds the warning back
 * and Tocsin's incident-level inhibition would make it a quiet child if it arrived. A responder frees part of the
 * memory (to about 88 %): the critical resolves, the warning still fires, so it is announced now — as a new incident or
 * a released child — and resolves once the rest is freed. Neither incident's unapproved runbook steps ever run.
 */
class InhibitionDrill {

    private RedisClient client;

    @AfterEach
    void restoreRedis() {
        if (client != null) {
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().flushall();
            }
            client.shutdown();
        }
    }

    @Test
    void theWarningIsAnnouncedOnlyOnceItsCriticalResolves() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        client = RedisClient.create("redis://127.0.0.1:" + stack.sessionsRedisPort);
        RedisCommands<String, String> redis = client.connect().sync();
        Instant fault = Instant.now();
        DrillRedis.fillUntilOom(redis, "session:");

        JsonNode critical = tocsin.awaitIncident("redis", "RedisMemoryCritical", Duration.ofSeconds(90));
        String criticalKey = critical.get("key").asString();
        DrillClient.SlackCall criticalRoot = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> tocsin.slackRoot(criticalKey), r -> true);

        // Both fire in Prometheus; only the critical reaches responders.
        await().atMost(DrillConfigs.scaled(Duration.ofMinutes(5)).plusSeconds(30))
                .until(() -> tocsin.alertState("RedisMemoryHigh").equals("firing"));
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
                tocsin.incident("redis", "RedisMemoryHigh").isEmpty() && rootsMentioning(tocsin, "RedisMemoryHigh", "above 80 %").isEmpty());

        // Part of the memory freed: below the critical threshold, still above the warning's.
        int deleted = 0;
        while (DrillRedis.usedRatio(redis) > 0.88) {
            redis.del("session:" + deleted++);
        }
        assertThat(DrillRedis.usedRatio(redis)).isGreaterThan(0.80);
        JsonNode criticalResolved = tocsin.awaitResolved(criticalKey, Duration.ofSeconds(60));
        JsonNode warning = tocsin.awaitIncident("redis", "RedisMemoryHigh", Duration.ofSeconds(60));
        String warningKey = warning.get("key").asString();
        assertThat(warning.get("severity").asString()).isEqualTo("SEV3");
        assertThat(warning.get("title").asString()).startsWith("Redis uses ").endsWith("of maxmemory (above 80 %)");
        List<String> warningTimeline = tocsin.entries(warningKey);
        if (warningTimeline.contains("incident.inhibited system")) {
            // It reached Tocsin before the critical's resolved notification: a quiet child, released with it.
            await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.entries(warningKey).contains("incident.released system"));
        }
        DrillClient.SlackCall warningRoot = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> tocsin.slackRoot(warningKey), r -> true);
        assertThat(warningRoot.text()).contains("[SEV3] " + warningKey);
        assertThat(warningRoot.at()).as("the warning is announced once the critical has resolved")
                .isAfterOrEqualTo(Instant.parse(criticalResolved.get("resolvedAt").asString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tocsin.slackUpdates(criticalRoot.ts())).last().asString().startsWith("✅ [SEV2] " + criticalKey));

        // The rest freed: the warning resolves by itself.
        redis.flushall();
        JsonNode warningResolved = tocsin.awaitResolved(warningKey, Duration.ofSeconds(60));
        assertThat(warningResolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        for (String key : List.of(criticalKey, warningKey)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.executions(key).findValuesAsString("status").stream()
                    .allMatch("CANCELLED"::equals));
            assertThat(tocsin.chainValid(key)).isTrue();
        }
        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("redis/RedisMemoryCritical", "redis/RedisMemoryHigh");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(critical));
        times.put("opened", Instant.parse(critical.get("openedAt").asString()));
        times.put("resolved", Instant.parse(warningResolved.get("resolvedAt").asString()));
        tocsin.recordTimes("critical + warning (critical resolved at +%d s)".formatted(Duration.between(fault,
                Instant.parse(criticalResolved.get("resolvedAt").asString())).toSeconds()), fault, times);
    }

    private static List<DrillClient.SlackCall> rootsMentioning(DrillClient tocsin, String... texts) {
        return tocsin.slackCalls().stream().filter(c -> c.method().equals("chat.postMessage") && !c.form().containsKey("thread_ts")
                && List.of(texts).stream().anyMatch(t -> c.text().contains(t))).toList();
    }
}
