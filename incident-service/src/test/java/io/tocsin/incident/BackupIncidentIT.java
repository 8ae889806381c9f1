package io.tocsin.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.common.messages.BackupVerificationCompleted;
import io.tocsin.common.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A failed backup verification is an incident (seed BackupTooOld / BackupVerificationFailed); the next pass resolves it. */
class BackupIncidentIT extends IncidentServiceIT {

    private static BackupVerificationCompleted verdict(String database, boolean passed, List<BackupVerificationCompleted.Check> checks) {
        return new BackupVerificationCompleted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), database, passed, checks,
                database + "_20261121_030000.dump", 3600L, 1200L, 1500L, Instant.now().minusSeconds(2));
    }

    @Test
    void failedVerificationOpensABackupIncidentThatTheNextPassResolves() {
        String database = "db" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.BACKUP_VERIFICATIONS, verdict(database, false, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "1.0h", true),
                new BackupVerificationCompleted.Check("tables_present", "12 tables", "missing public.orders", false))));

        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup("backup:" + database).size() == 1);
        JsonNode incident = json(get("/api/v1/incidents/" + incidentsOfGroup("backup:" + database).get(0).get("key").asString(), AUDITOR));
        assertThat(incident.get("severity").asString()).isEqualTo("SEV3");
        assertThat(incident.get("service").asString()).isEqualTo("backup");
        assertThat(incident.get("alerts").get(0).get("labels").get("alertname").asString()).isEqualTo("BackupVerificationFailed");
        String key = incident.get("key").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))
                .findValuesAsString("type").contains("backup.verification_failed"));
        JsonNode failedEntry = null;
        for (JsonNode e : json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))) {
            if (e.get("type").asString().equals("backup.verification_failed")) {
                failedEntry = e;
            }
        }
        assertThat(failedEntry.get("actor").asString()).isEqualTo("backup-verifier");
        assertThat(failedEntry.get("details").get("failedChecks").get(0).get("actual").asString()).isEqualTo("missing public.orders");

        // Another failing night joins the same incident; a passing one resolves it.
        send(Topics.BACKUP_VERIFICATIONS, verdict(database, false, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "31.0h", false))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").size() == 2);
        assertThat(incidentsOfGroup("backup:" + database)).hasSize(1);
        send(Topics.BACKUP_VERIFICATIONS, verdict(database, true, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "1.0h", true))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()));
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("resolvedBy").asString()).isEqualTo("backup-verifier");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }
}
