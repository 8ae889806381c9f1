package io.tocsin.incident.heartbeat;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.Topics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Dead man's switches with explicit instants: armed when first seen, silence opens a SEV2 incident, return resolves it. */
class HeartbeatIT extends IncidentServiceIT {

    @Autowired
    HeartbeatWatch incidents;
    @Autowired
    HeartbeatSettings settings;
    @Autowired
    JdbcClient jdbc;

    private HeartbeatSettings.Heartbeat heartbeat(String name) {
        return settings.heartbeats().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private Optional<Instant> lastSeen(String name) {
        return jdbc.sql("SELECT last_seen_at FROM heartbeat WHERE name = ?").param(name).query(Timestamp.class).optional()
                .map(Timestamp::toInstant);
    }

    @Test
    void watchdogSilenceOpensPipelineSilentIncidentAndItsReturnResolvesIt() {
        HeartbeatSettings.Heartbeat watchdog = heartbeat("watchdog");
        if (lastSeen("watchdog").isEmpty()) {
            assertThat(incidents.check(watchdog, Instant.now().plus(Duration.ofDays(1)))).as("not armed yet").isFalse();
        }
        String watchdogGroup = uniqueGroup("Watchdog");
        send(Topics.ALERTS, firing(watchdogGroup, "00000000000000aa", now(), Map.of("alertname", "Watchdog", "severity", "none"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen("watchdog").isPresent());
        assertThat(incidentsOfGroup(watchdogGroup)).as("the heartbeat itself is no incident").isEmpty();
        Instant seen = lastSeen("watchdog").orElseThrow();

        assertThat(incidents.check(watchdog, seen.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(incidents.check(watchdog, seen.plus(Duration.ofMinutes(10)).plusMillis(1))).isTrue();
        assertThat(incidents.check(watchdog, seen.plus(Duration.ofMinutes(20)))).as("already open").isFalse();
        JsonNode silent = incidentsOfGroup("heartbeat:watchdog").get(0);
        assertThat(silent.get("severity").asString()).isEqualTo("SEV2");
        assertThat(silent.get("title").asString()).isEqualTo("Alerting pipeline silent: no Watchdog alert for 10 min");
        assertThat(silent.get("status").asString()).isEqualTo("TRIGGERED");

        send(Topics.ALERTS, firing(watchdogGroup, "00000000000000aa", now().plusSeconds(1),
                Map.of("alertname", "Watchdog", "severity", "none"), Map.of()));
        String key = silent.get("key").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR))
                .get("status").asString()));
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("resolvedBy").asString()).isEqualTo("system");
    }

    @Test
    void missingBackupVerdictsFor26HoursOpenAnIncident() {
        HeartbeatSettings.Heartbeat backup = heartbeat("backup-verifier");
        String database = "hb" + UUID.randomUUID().toString().substring(0, 6);
        send(Topics.BACKUP_VERIFICATIONS, new BackupVerificationCompleted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                database, true, List.of(new BackupVerificationCompleted.Check("backup_age", "<= 25h", "1.0h", true)),
                database + "_20261121_030000.dump", 3600L, 100L, 200L, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen("backup-verifier").isPresent());
        Instant seen = lastSeen("backup-verifier").orElseThrow();
        assertThat(incidents.check(backup, seen.plus(Duration.ofHours(26)))).isFalse();
        assertThat(incidents.check(backup, seen.plus(Duration.ofHours(26)).plusMillis(1))).isTrue();
        assertThat(incidentsOfGroup("heartbeat:backup-verifier").get(0).get("title").asString())
                .isEqualTo("Backup verification silent: no verdict for 26 h");
    }
}
