package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: the newest backup is too old (seed 000 §9 "Disaster Recovery Validation", step 1: latest backup under 25 h).
 * The backup folder holds only a 26-hour-old {@code pg_dump}. The nightly verification restores it and fails its age
 * check; Tocsin opens one SEV3 from the verdict (alerts {@code BackupTooOld} and {@code BackupVerificationFailed}), the
 * runbook {@code backup-too-old} asks for another verification, and Prometheus, scraping backup-verifier, fires the
 * shipped rules of the same names, whose alerts join the same incident by fingerprint (ADR 0009). A fresh good dump
 * arrives, the next verification passes and resolves the incident; the rules then resolve too, and nothing reopens.
 */
class BackupsDrill {

    @AfterEach
    void emptyTheFolder() throws Exception {
        try (var files = Files.list(DrillStack.get().backups)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aStaleBackupIsOneIncidentUntilAFreshDumpPassesVerification() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        Path stale = stack.dumpBackup(Instant.now().minus(Duration.ofHours(26)));
        Instant fault = Instant.now();
        String nightly = tocsin.startVerification();

        JsonNode incident = tocsin.awaitIncident("backup", "BackupTooOld", Duration.ofSeconds(90));
        String key = incident.get("key").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV3");
        assertThat(incident.get("alerts").get(0).get("labels").get("database").asString()).isEqualTo(DrillStack.APP_DATABASE);
        JsonNode failed = tocsin.verification(nightly);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("backupFile").asString()).endsWith(stale.getFileName().toString());
        assertThat(failed.get("report").get("checks").findValuesAsString("name")).contains("backup_age");

        // The runbook asked for a second verification (same verdict); the rule's alert joined the incident.
        await().atMost(Duration.ofSeconds(60)).until(() -> tocsin.executions(key).size() == 1
                && "SUCCEEDED".equals(tocsin.executions(key).get(0).get("status").asString()));
        assertThat(tocsin.executions(key).get(0).get("action").asString()).isEqualTo("backup.verify-now");
        await().atMost(Duration.ofSeconds(60)).until(() -> tocsin.alertState("BackupTooOld").equals("firing"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.entries(key).stream()
                .filter("alert.attached alertmanager"::equals).count() == 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> tocsin.entries(key).stream()
                .filter("backup.verification_failed backup-verifier"::equals).count() == 2);
        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("backup/BackupTooOld", "backup/BackupVerificationFailed");

        // A fresh dump; the next verification passes and resolves the incident.
        stack.dumpBackup(Instant.now());
        String next = tocsin.startVerification();
        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(90));
        assertThat(tocsin.verification(next).get("status").asString()).isEqualTo("PASSED");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("backup-verifier");
        await().atMost(Duration.ofSeconds(60)).until(() -> tocsin.alertState("BackupTooOld").equals("inactive")
                && tocsin.alertState("BackupVerificationFailed").equals("inactive"));
        assertThat(tocsin.entries(key)).containsSubsequence("incident.opened backup-verifier",
                "backup.verification_failed backup-verifier", "remediation.started remediation",
                "remediation.succeeded remediation", "alert.attached alertmanager", "incident.resolved backup-verifier");
        assertThat(tocsin.chainValid(key)).isTrue();
        DrillClient.SlackCall root = tocsin.slackRoot(key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV3] " + key));
        assertThat(tocsin.alertsOpenedSince(fault)).as("nothing reopened")
                .containsExactly("backup/BackupTooOld", "backup/BackupVerificationFailed");
        assertThat(tocsin.incidents("/api/v1/incidents?service=backup").get("total").asLong()).isEqualTo(1);

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", Instant.parse(failed.get("finishedAt").asString()));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("remediated", Instant.parse(tocsin.executions(key).get(0).get("finishedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("backups (fresh dump at +%d s)".formatted(Duration.between(fault,
                Instant.parse(tocsin.verification(next).get("startedAt").asString())).toSeconds()), fault, times);
    }
}
