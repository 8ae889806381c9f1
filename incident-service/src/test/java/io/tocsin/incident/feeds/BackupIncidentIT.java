package io.tocsin.incident.feeds;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.Topics;
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

    @Test
    void theRulesAlertsJoinTheVerdictsIncidentByFingerprint() {
        // ADR 0009: a stale backup's verdict reports BackupTooOld and BackupVerificationFailed; Prometheus' rules of the
        // same names reach Tocsin later through Alertmanager, in groups of their own, and join the same incident.
        String database = "db" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.BACKUP_VERIFICATIONS, verdict(database, false, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "26.0h", false))));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup("backup:" + database).size() == 1);
        String key = incidentsOfGroup("backup:" + database).get(0).get("key").asString();
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").findValuesAsString("alertname"))
                .containsExactlyInAnyOrder("BackupTooOld", "BackupVerificationFailed");

        for (String alertname : List.of("BackupVerificationFailed", "BackupTooOld")) {
            java.util.Map<String, String> labels = java.util.Map.of("alertname", alertname, "database", database,
                    "service", "backup", "severity", "warning");
            send(Topics.ALERTS, firing("{}/{service=\"backup\"}:{alertname=\"" + alertname + "\", service=\"backup\"}",
                    io.tocsin.contracts.alerts.Fingerprints.of(labels), Instant.now().minusSeconds(60), labels,
                    java.util.Map.of("summary", "rule " + alertname)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").size() == 4);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR)).findValuesAsString("actor"))
                .contains("alertmanager");
        JsonNode page = json(get("/api/v1/incidents?service=backup&size=500", AUDITOR));
        long openedForDatabase = 0;
        for (JsonNode item : page.get("items")) {
            JsonNode full = json(get("/api/v1/incidents/" + item.get("key").asString(), AUDITOR));
            if (full.get("alerts").findValuesAsString("database").contains(database)) {
                openedForDatabase++;
            }
        }
        assertThat(openedForDatabase).as("one incident for the database, whichever path reported").isEqualTo(1);

        // A passing night resolves it with every alert on it.
        send(Topics.BACKUP_VERIFICATIONS, verdict(database, true, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "1.0h", true))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "RESOLVED".equals(json(get("/api/v1/incidents/" + key, AUDITOR)).get("status").asString()));
    }

    @Test
    void aVerdictJoinsTheIncidentARulesAlertOpenedFirst() {
        // The rule's alert can arrive first (a verdict delayed behind an outage, a verification a restart marked failed).
        String database = "db" + UUID.randomUUID().toString().substring(0, 8);
        java.util.Map<String, String> labels = java.util.Map.of("alertname", "BackupVerificationFailed", "database", database,
                "service", "backup", "severity", "warning");
        String groupKey = "{}/{service=\"backup\"}:{database=\"" + database + "\", service=\"backup\"}";
        send(Topics.ALERTS, firing(groupKey, io.tocsin.contracts.alerts.Fingerprints.of(labels), Instant.now().minusSeconds(60),
                labels, java.util.Map.of("summary", "rule")));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(groupKey).size() == 1);
        String key = incidentsOfGroup(groupKey).get(0).get("key").asString();

        send(Topics.BACKUP_VERIFICATIONS, verdict(database, false, List.of(
                new BackupVerificationCompleted.Check("backup_age", "<= 25h", "26.0h", false))));
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))
                .findValuesAsString("type").contains("backup.verification_failed"));
        assertThat(json(get("/api/v1/incidents/" + key, AUDITOR)).get("alerts").findValuesAsString("alertname"))
                .contains("BackupTooOld", "BackupVerificationFailed");
        assertThat(incidentsOfGroup("backup:" + database)).as("no incident of the verdict's own").isEmpty();
    }
}
