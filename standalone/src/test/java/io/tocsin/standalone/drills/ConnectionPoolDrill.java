package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: connection pool exhaustion (seed 000 §3.1, seed 001). A connection leak: 100 of the application's sessions
 * open a transaction and never end it ({@code idle in transaction}) for longer than the runbook's 5 minutes (drill
 * time), then idle clients fill the rest of the pool, so PostgreSQL holds more than the seed's 180 connections. The
 * shipped {@code PostgresConnectionPoolCritical} fires, Tocsin opens a SEV2 incident and runs
 * {@code postgres-connection-pool-exhausted}: step 1 terminates the leaked sessions, step 2 (restart PgBouncer) waits
 * for approval. The connection count falls, Alertmanager sends the resolved notification, the incident resolves by
 * itself and the unapproved step is cancelled. Nothing else fires: a leak is neither slow queries nor active load.
 */
class ConnectionPoolDrill {

    private static final int LEAKED_SESSIONS = 100;
    private static final int IDLE_CLIENTS = 85;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void releaseConnections() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    @Test
    void hungQueriesAreTerminatedAndTheIncidentResolvesByItself() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        Instant fault = Instant.now();
        for (int i = 0; i < LEAKED_SESSIONS; i++) {
            Connection c = appConnection(stack);
            c.setAutoCommit(false);
            c.createStatement().execute("SELECT 1 /* drill: a transaction the application never ends */");
        }
        Duration olderThan = DrillConfigs.scaled(Duration.ofMinutes(5));
        await().atMost(olderThan.plusSeconds(30)).until(() -> youngestLeakSeconds(stack) > olderThan.toSeconds() + 1);
        for (int i = 0; i < IDLE_CLIENTS; i++) {
            appConnection(stack);
        }

        // Detected and opened: a SEV2 for postgres, titled by the rule's summary, announced in Slack.
        JsonNode incident = tocsin.awaitIncident("postgres", "PostgresConnectionPoolCritical", Duration.ofSeconds(90));
        String key = incident.get("key").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("title").asString()).matches("\\d+ connections in total \\(above 180 of PgBouncer's 200 clients\\)");
        DrillClient.SlackCall root = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> tocsin.slackRoot(key), r -> true);
        assertThat(root.text()).contains("[SEV2] " + key, "Service*\\npostgres", "Acknowledge");

        // Remediated: step 1 terminated exactly the leaked sessions (not the idle clients, not the exporter).
        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(90));
        assertThat(leakedSessions(stack)).isZero();
        assertThat(idleAppClients(stack)).isEqualTo(IDLE_CLIENTS);
        JsonNode executions = await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.executions(key),
                e -> e.size() == 2 && !e.get(0).get("status").asString().equals("RUNNING") && e.get(1).get("status").asString().equals("CANCELLED"));
        assertThat(executions.get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(executions.get(0).get("dryRun").asBoolean()).isFalse();
        assertThat(executions.get(0).get("summary").asString()).startsWith("terminated " + LEAKED_SESSIONS + " backend(s) in goodgo");
        assertThat(executions.get(1).get("action").asString()).isEqualTo("docker.restart-container");
        assertThat(executions.get(1).get("error").asString()).isEqualTo("incident_resolved");
        assertThat(executions.get(1).get("startedAt").isNull()).as("never ran").isTrue();

        // Resolved by Alertmanager's resolved notification; the unapproved PgBouncer restart was cancelled, not run.
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.entries(key)).containsSubsequence(
                "incident.opened alertmanager", "alert.attached alertmanager", "remediation.started remediation",
                "alert.resolved alertmanager", "incident.resolved alertmanager").contains(
                "remediation.succeeded remediation", "remediation.cancelled remediation"));
        assertThat(tocsin.chainValid(key)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(tocsin.slackThread(root.ts())).anyMatch(t -> t.startsWith("🔧 Remediation started: `postgres.terminate-long-running-queries`"))
                    .anyMatch(t -> t.contains("terminated " + LEAKED_SESSIONS + " backend(s)"));
            assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV2] " + key).endsWith("resolved");
        });

        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("postgres/PostgresConnectionPoolCritical");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(incident));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("remediated", Instant.parse(executions.get(0).get("finishedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("connection-pool", fault, times);
    }

    private Connection appConnection(DrillStack stack) throws Exception {
        Connection c = DriverManager.getConnection(stack.postgresUrl(DrillStack.APP_DATABASE), DrillStack.APP_ROLE, "");
        connections.add(c);
        return c;
    }

    private static long youngestLeakSeconds(DrillStack stack) throws Exception {
        return scalar(stack, "SELECT coalesce(min(extract(epoch FROM now() - query_start)), 0)::bigint FROM pg_stat_activity "
                + "WHERE usename = '" + DrillStack.APP_ROLE + "' AND state = 'idle in transaction'");
    }

    private static long idleAppClients(DrillStack stack) throws Exception {
        return scalar(stack, "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + DrillStack.APP_ROLE
                + "' AND state = 'idle'");
    }

    private static long leakedSessions(DrillStack stack) throws Exception {
        return scalar(stack, "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + DrillStack.APP_ROLE
                + "' AND state = 'idle in transaction'");
    }

    static long scalar(DrillStack stack, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.postgresUrl("postgres"), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
