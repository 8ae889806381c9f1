package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The standalone as its own process, the way {@code bin/standalone} runs it ({@code java -jar} of the built jar),
 * crashed with {@code kill -9} mid-stream and started again on the same data folder: its embedded PostgreSQL must
 * not outlive the JVM (a watchdog stops it; if the watchdog died too, the next start stops the orphan), the restart
 * must come up, and every alert alert-ingest accepted (202) is stored exactly once,
 * in one incident, with timelines that verify. A port held by another program fails the start with one line that
 * names the port and the variable that moves it.
 */
@Tag("e2e")
class CrashRestartIT {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path dataDir;
    private Path log;
    private Process process;

    @BeforeEach
    void ports() throws IOException {
        dataDir = Files.createTempDirectory("tocsin-crash-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("data");
        log = dataDir.resolveSibling("standalone.log");
        env.put("TOCSIN_DATA_DIR", dataDir.toString());
        for (String port : List.of("TOCSIN_INGEST_PORT", "TOCSIN_INCIDENT_PORT", "TOCSIN_REMEDIATION_PORT",
                "TOCSIN_NOTIFIER_PORT", "TOCSIN_BACKUP_PORT", "TOCSIN_STANDALONE_KAFKA_PORT",
                "TOCSIN_STANDALONE_CONTROLLER_PORT", "TOCSIN_STANDALONE_POSTGRES_PORT")) {
            env.put(port, String.valueOf(RunningStandalone.freePort()));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private Process launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "tocsin-standalone-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("TOCSIN_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private void awaitReady(Process p) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(p.isAlive()).as("standalone exited; log %s", log).isTrue();
            for (String port : List.of("TOCSIN_INGEST_PORT", "TOCSIN_INCIDENT_PORT", "TOCSIN_REMEDIATION_PORT",
                    "TOCSIN_NOTIFIER_PORT", "TOCSIN_BACKUP_PORT")) {
                if (status(port, "/health/ready") != 200) {
                    return false;
                }
            }
            return true;
        });
    }

    private int status(String portVariable, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get(portVariable) + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** One Alertmanager webhook with one alert of its own group; the HTTP status, or -1 when nothing answered. */
    private int post(String run, int n) {
        String labels = "{\"alertname\":\"CrashDrill\",\"service\":\"crash-drill\",\"severity\":\"warning\",\"drill\":\""
                + run + "\",\"n\":\"" + n + "\"}";
        String body = """
                {"version":"4","groupKey":"{}:{drill=\\"%s\\", n=\\"%d\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"tocsin","groupLabels":{"n":"%d"},"commonLabels":%s,"commonAnnotations":{},
                 "externalURL":"http://127.0.0.1:1","alerts":[{"status":"firing","labels":%s,"annotations":{},
                 "startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":""}]}"""
                .formatted(run, n, n, labels, labels, Instant.parse("2026-11-29T00:00:00Z").plusSeconds(n));
        try {
            String token = Files.readString(dataDir.resolve("ingest-token")).strip();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("TOCSIN_INGEST_PORT")
                                    + "/api/v1/alerts/alertmanager")).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).getFirst().strip());
    }

    @Test
    void killedMidStreamItRestartsOnTheSameFolderAndKeepsEveryAcceptedAlertOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        int total = 160;
        process = launch();
        awaitReady(process);
        long firstPostmaster = postmasterPid();

        // A sender like Alertmanager: each webhook until it gets 202, retrying what failed; while nothing answers, it
        // waits for alert-ingest to be up again instead of spinning on refused connections.
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = Thread.ofVirtual().start(() -> {
            while (sending.get() && accepted.size() < total) {
                for (int n = 0; n < total && sending.get(); n++) {
                    if (accepted.contains(n)) {
                        continue;
                    }
                    int status = post(run, n);
                    if (status == 202) {
                        accepted.add(n);
                    } else if (status == -1) {
                        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                                .until(() -> !sending.get() || status("TOCSIN_INGEST_PORT", "/health") == 200);
                    }
                }
            }
        });
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= 40);
        process.destroyForcibly(); // SIGKILL, as the OOM killer does
        process.waitFor();
        int acceptedBeforeCrash = accepted.size();

        // The embedded PostgreSQL does not outlive its JVM for long.
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(firstPostmaster).map(p -> !p.isAlive()).orElse(true));

        process = launch();
        awaitReady(process);
        long secondPostmaster = postmasterPid();

        // Crashed again, and its watchdog with it (kill -9 of the whole process group): the PostgreSQL it leaves
        // running is an orphan that the next start finds through postmaster.pid and stops before starting its own.
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= 80);
        process.descendants().filter(p -> p.info().arguments().map(a -> List.of(a).contains("tocsin-postgres-watchdog"))
                .orElse(false)).forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        assertThat(ProcessHandle.of(secondPostmaster).map(ProcessHandle::isAlive)).as("orphaned postmaster").contains(true);
        process = launch();
        awaitReady(process);
        assertThat(ProcessHandle.of(secondPostmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.readString(log)).contains("postgres.orphan_found pid=" + secondPostmaster);
        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() == total);
        sending.set(false);
        sender.join();
        assertThat(acceptedBeforeCrash).isLessThan(total);

        String jdbc = "jdbc:postgresql://127.0.0.1:" + env.get("TOCSIN_STANDALONE_POSTGRES_PORT") + "/tocsin";
        await().atMost(Duration.ofMinutes(2)).until(() -> count(jdbc,
                "SELECT count(*) FROM incident.alert WHERE labels->>'drill' = ?", run) == total);
        assertThat(count(jdbc, "SELECT count(DISTINCT labels->>'n') FROM incident.alert WHERE labels->>'drill' = ?", run))
                .isEqualTo(total);
        assertThat(count(jdbc, "SELECT count(*) FROM incident.incident WHERE group_key LIKE '%' || ? || '%'", run))
                .as("one incident per group, none twice").isEqualTo(total);
        assertThat(count(jdbc, """
                SELECT count(*) FROM incident.timeline_entry t JOIN incident.incident i ON i.id = t.incident_id
                WHERE i.group_key LIKE '%' || ? || '%' AND t.type = 'alert.attached'""", run)).isEqualTo(total);

        String apiToken = Files.readString(dataDir.resolve("api-token")).strip();
        HttpResponse<String> audit = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + env.get("TOCSIN_INCIDENT_PORT") + "/api/v1/audit/verify"))
                .header("Authorization", "Bearer " + apiToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode verdict = TocsinJson.mapper().readTree(audit.body());
        assertThat(verdict.get("status").asString()).as(audit.body()).isEqualTo("intact");
        assertThat(verdict.get("incidentsChecked").asInt()).isGreaterThanOrEqualTo(total);
    }

    @Test
    void aPortHeldByAnotherProgramFailsTheStartWithOneLineNamingItsVariable() throws Exception {
        int postgresPort = Integer.parseInt(env.get("TOCSIN_STANDALONE_POSTGRES_PORT"));
        try (ServerSocket taken = new ServerSocket(postgresPort, 50, java.net.InetAddress.getLoopbackAddress())) {
            process = launch();
            await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive());
        }
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("port " + postgresPort
                + " (embedded PostgreSQL) is in use by another program: stop it, or set TOCSIN_STANDALONE_POSTGRES_PORT");

        int ingestPort = Integer.parseInt(env.get("TOCSIN_INGEST_PORT"));
        try (ServerSocket taken = new ServerSocket(ingestPort)) {
            process = launch();
            await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive());
        }
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("port " + ingestPort
                + " (alert-ingest) is in use by another program: stop it, or set TOCSIN_INGEST_PORT");
    }

    private static long count(String jdbc, String sql, String parameter) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
             var statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
