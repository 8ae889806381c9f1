package io.tocsin.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tocsin.common.test.TestPostgres;
import io.tocsin.remediation.actions.ActionContext;
import io.tocsin.remediation.actions.ActionReport;
import io.tocsin.remediation.actions.PermanentFailure;
import io.tocsin.remediation.actions.RemediationAction;
import io.tocsin.remediation.actions.TransientFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each action against a real target (PostgreSQL, Redis, files) or its documented wire format (Docker, HTTP). */
class ActionsIT extends RemediationIT {

    @Autowired
    Map<String, RemediationAction> actionsByType;

    private ActionReport run(String type, Map<String, Object> params, boolean dryRun) throws Exception {
        return actionsByType.get(type).execute(new ActionContext(UUID.randomUUID(), UUID.randomUUID(), "INC-1", params, dryRun,
                Duration.ofSeconds(10)));
    }

    @Test
    void terminatesOnlyOldNonSuperuserQueriesNeverItsOwnYoungOnesOrABackup() throws Exception {
        TestPostgres.Database db = TestPostgres.database();
        try (Connection admin = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            admin.createStatement().execute("DO $$ BEGIN CREATE ROLE tocsin_it_app LOGIN; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            Connection oldSession = DriverManager.getConnection(db.url(), "tocsin_it_app", "");
            Connection youngSession = DriverManager.getConnection(db.url(), "tocsin_it_app", "");
            // own threads: the common pool has one worker on a 2-core machine and the first sleep would hold it
            var sessions = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            java.util.Properties asPgDump = new java.util.Properties();
            asPgDump.setProperty("user", "tocsin_it_app");
            asPgDump.setProperty("ApplicationName", "pg_dump");
            Connection backupSession = DriverManager.getConnection(db.url(), asPgDump);
            CompletableFuture<Throwable> old = CompletableFuture.supplyAsync(() -> sleep(oldSession, 60), sessions);
            CompletableFuture<Throwable> backup = CompletableFuture.supplyAsync(() -> sleep(backupSession, 62), sessions);
            await().atMost(Duration.ofSeconds(10)).until(() -> ageOfSleep(admin, 60) >= 3 && ageOfSleep(admin, 62) >= 3);
            CompletableFuture<Throwable> young = CompletableFuture.supplyAsync(() -> sleep(youngSession, 61), sessions);
            await().atMost(Duration.ofSeconds(10)).until(() -> ageOfSleep(admin, 61) >= 0);

            ActionReport dry = run("postgres.terminate-long-running-queries", Map.of("olderThan", "2s"), true);
            assertThat(dry.summary()).startsWith("dry run: would ");
            assertThat(old.isDone()).as("a dry run touches nothing").isFalse();

            ActionReport report = run("postgres.terminate-long-running-queries", Map.of("olderThan", "2s"), false);

            assertThat(report.skipped()).isFalse();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> backends = (List<Map<String, Object>>) report.details().get("backends");
            assertThat(backends).hasSize(1);
            assertThat(backends.getFirst().get("query").toString()).contains("pg_sleep(60)");
            assertThat(backends.getFirst().get("user")).isEqualTo("tocsin_it_app");
            assertThat(old.get()).as("the old query's session was terminated").isInstanceOf(SQLException.class);
            assertThat(young.isDone()).as("the young query still runs").isFalse();
            assertThat(backup.isDone()).as("a pg_dump is never terminated: it is the backup").isFalse();
            assertThat(admin.isValid(2)).isTrue();

            ActionReport again = run("postgres.terminate-long-running-queries", Map.of("olderThan", "10m"), false);
            assertThat(again.skipped()).isTrue();
            admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE query LIKE 'SELECT pg_sleep(61)%' OR query LIKE 'SELECT pg_sleep(62)%'");
            young.get();
            backup.get();
            youngSession.close();
            backupSession.close();
        }
    }

    @Test
    void setsRedisPolicyVerifiesItAndSkipsTheSecondRun() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String original = redis.sync().configGet("maxmemory-policy").get("maxmemory-policy");
            redis.sync().configSet("maxmemory-policy", "noeviction");
            try {
                ActionReport first = run("redis.set-config", Map.of("parameter", "maxmemory-policy", "value", "allkeys-lru"), false);
                assertThat(first.skipped()).isFalse();
                assertThat(first.details()).containsEntry("before", "noeviction").containsEntry("after", "allkeys-lru");
                assertThat(redis.sync().configGet("maxmemory-policy").get("maxmemory-policy")).isEqualTo("allkeys-lru");

                ActionReport second = run("redis.set-config", Map.of("parameter", "maxmemory-policy", "value", "allkeys-lru"), false);
                assertThat(second.skipped()).isTrue();
                assertThat(second.summary()).isEqualTo("already in place: maxmemory-policy is allkeys-lru");
                assertThatThrownBy(() -> run("redis.set-config", Map.of("parameter", "no-such-setting", "value", "x"), false))
                        .isInstanceOf(PermanentFailure.class);
            } finally {
                redis.sync().configSet("maxmemory-policy", original);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void restartsContainerThroughTheEngineApiWithinItsBudget() throws Exception {
        String inspect = "{\"Id\":\"abc123\",\"Name\":\"/pgbouncer\",\"RestartCount\":1,\"State\":{\"Running\":true,\"Status\":\"running\"}}";
        targets.stubFor(get(urlPathEqualTo("/v1.43/containers/pgbouncer/json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(inspect)));
        targets.stubFor(post(urlPathEqualTo("/v1.43/containers/pgbouncer/restart")).willReturn(aResponse().withStatus(204)));
        targets.stubFor(get(urlPathEqualTo("/v1.43/containers/ghost/json")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"No such container: ghost\"}")));

        assertThat(run("docker.restart-container", Map.of("container", "pgbouncer"), true).summary())
                .isEqualTo("dry run: would restart pgbouncer");
        targets.verify(0, postRequestedFor(urlPathEqualTo("/v1.43/containers/pgbouncer/restart")));
        assertThat(run("docker.restart-container", Map.of("container", "pgbouncer"), false).summary()).isEqualTo("restarted pgbouncer");
        assertThat(run("docker.restart-container", Map.of("container", "pgbouncer"), false).skipped()).isFalse();
        ActionReport third = run("docker.restart-container", Map.of("container", "pgbouncer"), false);
        assertThat(third.skipped()).isTrue();
        assertThat(third.summary()).startsWith("restart budget spent: 2 restarts of pgbouncer");
        targets.verify(2, postRequestedFor(urlPathEqualTo("/v1.43/containers/pgbouncer/restart")));

        assertThatThrownBy(() -> run("docker.restart-container", Map.of("container", "ghost"), false))
                .isInstanceOf(PermanentFailure.class).hasMessage("unknown container 'ghost'");
    }

    /** Two instances (or executions) restarting one container at once share its budget (issue 17). */
    @Test
    void concurrentRestartsOfOneContainerNeverExceedItsBudget() throws Exception {
        targets.stubFor(get(urlPathEqualTo("/v1.43/containers/racer/json")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Id\":\"r1\",\"State\":{\"Running\":true,\"Status\":\"running\"}}")));
        targets.stubFor(post(urlPathEqualTo("/v1.43/containers/racer/restart"))
                .willReturn(aResponse().withStatus(204).withFixedDelay(300)));
        var executions = java.util.concurrent.Executors.newFixedThreadPool(6); // own threads: the common pool may have one
        List<java.util.concurrent.Future<ActionReport>> reports = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            reports.add(executions.submit(() -> run("docker.restart-container", Map.of("container", "racer"), false)));
        }
        long restarted = 0;
        for (var report : reports) {
            restarted += report.get(30, java.util.concurrent.TimeUnit.SECONDS).skipped() ? 0 : 1;
        }
        executions.shutdown();
        assertThat(restarted).as("the budget is 2 per window").isEqualTo(2);
        targets.verify(2, postRequestedFor(urlPathEqualTo("/v1.43/containers/racer/restart")));
    }

    @Test
    void startsAStoppedContainerAndSkipsARunningOne() throws Exception {
        targets.stubFor(get(urlPathEqualTo("/v1.43/containers/worker/json")).inScenario("worker").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"Id\":\"w1\",\"State\":{\"Running\":false,\"Status\":\"exited\"}}")));
        targets.stubFor(post(urlPathEqualTo("/v1.43/containers/worker/start")).inScenario("worker").whenScenarioStateIs(STARTED)
                .willSetStateTo("running").willReturn(aResponse().withStatus(204)));
        targets.stubFor(get(urlPathEqualTo("/v1.43/containers/worker/json")).inScenario("worker").whenScenarioStateIs("running")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"Id\":\"w1\",\"State\":{\"Running\":true,\"Status\":\"running\"}}")));
        assertThat(run("docker.start-container", Map.of("container", "worker"), false).summary()).isEqualTo("started worker");
        assertThat(run("docker.start-container", Map.of("container", "worker"), false).skipped()).isTrue();
    }

    @Test
    void httpRequestSendsSecretsAndClassifiesStatuses() throws Exception {
        targets.stubFor(post(urlPathEqualTo("/deploy/rollback")).willReturn(aResponse().withStatus(202).withBody("queued")));
        targets.stubFor(post(urlPathEqualTo("/deploy/forbidden")).willReturn(aResponse().withStatus(403).withBody("no")));
        targets.stubFor(post(urlPathEqualTo("/deploy/broken")).willReturn(aResponse().withStatus(503)));
        ActionReport ok = run("http.request", Map.of("url", targets.baseUrl() + "/deploy/rollback",
                "headers", Map.of("Authorization", "secret:deploy-token"), "body", "{}"), false);
        assertThat(ok.summary()).isEqualTo("POST " + targets.baseUrl() + "/deploy/rollback answered 202");
        assertThat(ok.details().toString()).doesNotContain("s3cret");
        targets.verify(postRequestedFor(urlPathEqualTo("/deploy/rollback"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer s3cret")));
        assertThatThrownBy(() -> run("http.request", Map.of("url", targets.baseUrl() + "/deploy/forbidden"), false))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("answered 403");
        assertThatThrownBy(() -> run("http.request", Map.of("url", targets.baseUrl() + "/deploy/broken"), false))
                .isInstanceOf(TransientFailure.class);
    }

    @Test
    void prunesOldBackupsButNeverTheNewest() throws Exception {
        Path dir = Files.createTempDirectory("backups");
        Instant now = Instant.now();
        for (int day : new int[] {1, 8, 9, 30}) {
            Path f = Files.writeString(dir.resolve("goodgo_day" + day + ".sql.gz"), "x".repeat(100 * day));
            Files.setLastModifiedTime(f, FileTime.from(now.minus(Duration.ofDays(day))));
        }
        Files.setLastModifiedTime(Files.writeString(dir.resolve("other.txt"), "keep"), FileTime.from(now.minus(Duration.ofDays(99))));
        Map<String, Object> params = Map.of("directory", dir.toString(), "pattern", "goodgo_*.sql.gz", "olderThanDays", 7);

        ActionReport report = run("backup.prune-old-files", params, false);

        assertThat(report.details().get("bytesFreed")).isEqualTo(4700L);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("goodgo_day1.sql.gz", "other.txt");
        assertThat(run("backup.prune-old-files", params, false).skipped()).isTrue();

        Path alone = Files.createTempDirectory("backups-alone");
        Files.setLastModifiedTime(Files.writeString(alone.resolve("goodgo_old.sql.gz"), "x"), FileTime.from(now.minus(Duration.ofDays(60))));
        assertThat(run("backup.prune-old-files", Map.of("directory", alone.toString(), "pattern", "goodgo_*.sql.gz"), false)
                .skipped()).as("the newest backup is never deleted, however old").isTrue();
    }

    private static Throwable sleep(Connection session, int seconds) {
        try {
            session.createStatement().execute("SELECT pg_sleep(" + seconds + ")");
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static long ageOfSleep(Connection admin, int seconds) throws SQLException {
        var rs = admin.createStatement().executeQuery("SELECT coalesce(max(extract(epoch FROM now() - query_start)), -1) "
                + "FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(" + seconds + ")' AND state = 'active'");
        rs.next();
        return (long) rs.getDouble(1);
    }
}
