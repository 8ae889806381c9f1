package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: slow queries (seed 001 "SlowQueries", seed 000 §3.4 resolution 1). The application runs a query that does
 * not finish; after 30 s (the rule's threshold, not scaled) and the rule's {@code for:}, {@code PostgresSlowQueries}
 * fires for database {@code goodgo}, Tocsin opens a SEV3 and {@code postgres-slow-queries} terminates the query on that
 * database; the application sees its query cut off, the metric falls and the incident resolves by itself.
 */
class SlowQueriesDrill {

    @AfterEach
    void endTheQuery() throws Exception {
        // Whatever happened, the next drill must not inherit a query that keeps PostgresSlowQueries firing.
        ConnectionPoolDrill.scalar(DrillStack.get(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '"
                + DrillStack.APP_ROLE + "'");
    }

    @Test
    void theSlowQueryIsTerminatedAndTheIncidentResolvesByItself() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        Instant fault = Instant.now();
        CompletableFuture<SQLException> query = CompletableFuture.supplyAsync(() -> {
            try (Connection c = DriverManager.getConnection(stack.postgresUrl(DrillStack.APP_DATABASE), DrillStack.APP_ROLE, "")) {
                c.createStatement().execute("SELECT pg_sleep(3600) /* drill: a report without its index */");
                return null;
            } catch (SQLException e) {
                return e;
            }
        });

        JsonNode incident = tocsin.awaitIncident("postgres", "PostgresSlowQueries", Duration.ofSeconds(120));
        String key = incident.get("key").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV3");
        assertThat(incident.get("alerts").get(0).get("labels").get("datname").asString()).isEqualTo(DrillStack.APP_DATABASE);
        assertThat(incident.get("title").asString()).startsWith("A query on goodgo has been running for ").endsWith("(above 30 s)");

        // The application's query was ended by PostgreSQL on the runbook's behalf.
        SQLException cutOff = query.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat((Throwable) cutOff).isNotNull();
        assertThat(cutOff.getMessage()).contains("terminating connection due to administrator command");

        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(60));
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        JsonNode executions = await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.executions(key),
                e -> e.size() == 1 && e.get(0).get("status").asString().equals("SUCCEEDED"));
        JsonNode step = executions.get(0);
        assertThat(step.get("runbook").asString()).isEqualTo("postgres-slow-queries");
        assertThat(step.get("parameters").get("database").asString()).isEqualTo(DrillStack.APP_DATABASE);
        assertThat(step.get("summary").asString()).startsWith("terminated 1 backend(s) in goodgo");
        assertThat(step.get("report").get("backends").get(0).get("query").asString()).contains("a report without its index");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.entries(key)).containsSubsequence(
                "incident.opened alertmanager", "remediation.started remediation", "alert.resolved alertmanager",
                "incident.resolved alertmanager").contains("remediation.succeeded remediation"));
        assertThat(tocsin.chainValid(key)).isTrue();
        DrillClient.SlackCall root = tocsin.slackRoot(key);
        assertThat(root.text()).contains("[SEV3] " + key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(tocsin.slackThread(root.ts())).anyMatch(t -> t.contains("terminated 1 backend(s) in goodgo"));
            assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV3] " + key);
        });
        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("postgres/PostgresSlowQueries");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(incident));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("remediated", Instant.parse(step.get("finishedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("slow-queries", fault, times);
    }
}
