package io.tocsin.standalone.drills;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a drill runs on, started once per test JVM from the machine's Debian packages: a drill-owned PostgreSQL
 * cluster (the machine's binaries, {@code max_connections=250} so the seed's 180-connection threshold can be crossed),
 * a drill Redis with {@code maxmemory 8mb}, postgres/redis/blackbox exporters, Prometheus with the shipped rules,
 * Alertmanager with the shipped routes (both via {@link DrillConfigs}), a Slack Web API stub that records what Tocsin
 * posts, and Tocsin's standalone with remediation acting for real on the drill's targets.
 *
 * <p>Logs of every process go to {@code standalone/target/drills/<process>.log} (PostgreSQL's is copied there when the
 * stack stops), with the generated configurations and {@code scrape-errors.log}.
 */
final class DrillStack {

    /** The Slack user allowed to approve remediation steps ({@code TOCSIN_REMEDIATION_APPROVERS}). */
    static final String APPROVER = "UDRILLLEAD";
    static final String SIGNING_SECRET = "drill-signing-secret";
    /** The drill's application database and the non-superuser role its "application" connects as. */
    static final String APP_DATABASE = "goodgo";
    static final String APP_ROLE = "goodgo_app";
    static final long REDIS_MAXMEMORY = 8L * 1024 * 1024;

    private static DrillStack instance;
    /** Why the stack did not start: later drills report it instead of starting another (and wiping its logs). */
    private static Throwable startFailure;

    final Path dir;
    /** Slack's Web API (and the Docker Engine API), stubbed at their wire formats; records every request. */
    final WireMockServer slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    final int postgresPort;
    /** The Redis remediation acts on (the application's cache). */
    final int redisPort;
    /**
     * A second Redis (the application's sessions) watched by its own exporter: its alerts have their own fingerprints,
     * so a drill on it is not the same alert firing again as the cache drill's (which Tocsin would call flapping).
     */
    final int sessionsRedisPort;
    final int prometheusPort;
    final int alertmanagerPort;
    final int ingestPort;
    final int incidentPort;
    final int notifierPort;
    final int remediationPort;
    final int backupPort;
    final Path tocsinData;
    /** The folder backup-verifier looks in ({@code TOCSIN_BACKUP_DIRECTORY}), empty at start. */
    final Path backups;
    /** The seed's API stand-in, probed by blackbox_exporter as job {@code api-health}. */
    final DrillApi api;
    private final List<Process> processes = new ArrayList<>();
    private final List<Runnable> stops = new ArrayList<>();
    private final List<Path> temporaries = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private DrillStack() throws IOException {
        dir = DrillConfigs.repository().resolve("standalone/target/drills");
        if (Files.isDirectory(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(dir);
        postgresPort = freePort();
        redisPort = freePort();
        sessionsRedisPort = freePort();
        prometheusPort = freePort();
        alertmanagerPort = freePort();
        ingestPort = freePort();
        incidentPort = freePort();
        notifierPort = freePort();
        remediationPort = freePort();
        backupPort = freePort();
        api = new DrillApi(freePort());
        backups = Files.createDirectories(dir.resolve("backups"));
        tocsinData = temporary("tocsin-drill").resolve("data");
    }

    /** The running stack, started on first use; stopped when the JVM exits. */
    static synchronized DrillStack get() throws Exception {
        if (startFailure != null) {
            throw new IllegalStateException("the drill stack did not start (first failure below; logs in "
                    + "standalone/target/drills/)", startFailure);
        }
        if (instance == null) {
            DrillStack stack = new DrillStack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop));
            try {
                stack.start();
            } catch (Exception | AssertionError e) {
                startFailure = e;
                throw e;
            }
            instance = stack;
        }
        return instance;
    }

    private void start() throws Exception {
        DrillPostgres postgres = new DrillPostgres(postgresPort, temporary("tocsin-drill-pg"), dir.resolve("postgres.log"));
        postgres.start();
        stops.add(postgres::stop);
        startRedis("redis", redisPort);
        startRedis("redis-sessions", sessionsRedisPort);
        int postgresExporter = freePort();
        start("postgres-exporter", Map.of("DATA_SOURCE_NAME",
                        "postgresql://postgres@127.0.0.1:" + postgresPort + "/postgres?sslmode=disable"),
                "prometheus-postgres-exporter", "--web.listen-address=127.0.0.1:" + postgresExporter,
                "--extend.query-path=" + DrillConfigs.repository().resolve("deploy/postgres-exporter/queries.yml"));
        int redisExporter = freePort();
        start("redis-exporter", Map.of(), "prometheus-redis-exporter", "--redis.addr=redis://127.0.0.1:" + redisPort,
                "--web.listen-address=127.0.0.1:" + redisExporter);
        int sessionsExporter = freePort();
        start("redis-sessions-exporter", Map.of(), "prometheus-redis-exporter",
                "--redis.addr=redis://127.0.0.1:" + sessionsRedisPort, "--web.listen-address=127.0.0.1:" + sessionsExporter);
        api.start();
        int blackbox = freePort();
        Path blackboxConfig = dir.resolve("blackbox.yml");
        Files.writeString(blackboxConfig, """
                modules:
                  http_2xx:
                    prober: http
                    timeout: 2s
                    http:
                      preferred_ip_protocol: ip4
                """);
        start("blackbox-exporter", Map.of(), "prometheus-blackbox-exporter", "--config.file=" + blackboxConfig,
                "--web.listen-address=127.0.0.1:" + blackbox);
        startTocsin();
        startAlertmanager();
        startPrometheus(postgresExporter, "\"127.0.0.1:" + redisExporter + "\", \"127.0.0.1:" + sessionsExporter + "\"", blackbox);
    }

    private void startRedis(String name, int port) {
        start(name, Map.of(), "redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--maxmemory", String.valueOf(REDIS_MAXMEMORY), "--maxmemory-policy", "noeviction",
                "--dir", dir.toString());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (var redis = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port).connect()) {
                return "PONG".equals(redis.sync().ping());
            }
        });
    }

    private void startTocsin() throws Exception {
        slack.start();
        slack.stubFor(WireMock.post(WireMock.urlMatching("/api/(chat\\..*|auth\\.test|usergroups\\..*)"))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"team_id\":\"T0\",\"channel\":\"C0SRE\",\"users\":[],"
                                + "\"ts\":\"1700000000.{{randomValue length=6 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
        slack.stubFor(WireMock.post(WireMock.urlPathMatching("/slack-response/.*")).willReturn(WireMock.ok()));
        Path catalogue = dir.resolve("catalogue.yml");
        Files.writeString(catalogue, DrillConfigs.catalogue());
        Path oncall = dir.resolve("oncall.yml");
        Files.writeString(oncall, DrillConfigs.oncall());
        Map<String, String> properties = Map.ofEntries(
                Map.entry("TOCSIN_SLACK_BOT_TOKEN", "xoxb-drill"),
                Map.entry("TOCSIN_SLACK_SIGNING_SECRET", SIGNING_SECRET),
                Map.entry("TOCSIN_SLACK_API_URL", slack.baseUrl() + "/api/"),
                Map.entry("TOCSIN_INGEST_PORT", String.valueOf(ingestPort)),
                Map.entry("TOCSIN_INCIDENT_PORT", String.valueOf(incidentPort)),
                Map.entry("TOCSIN_NOTIFIER_PORT", String.valueOf(notifierPort)),
                Map.entry("TOCSIN_REMEDIATION_PORT", String.valueOf(remediationPort)),
                Map.entry("TOCSIN_BACKUP_PORT", String.valueOf(backupPort)),
                Map.entry("TOCSIN_REMEDIATION_DRY_RUN", "false"),
                Map.entry("TOCSIN_REMEDIATION_CATALOGUE", catalogue.toString()),
                Map.entry("TOCSIN_ONCALL_CONFIG", oncall.toString()),
                Map.entry("TOCSIN_REMEDIATION_APPROVERS", APPROVER),
                Map.entry("TOCSIN_REMEDIATION_POSTGRES_URL", postgresUrl(APP_DATABASE)),
                Map.entry("TOCSIN_REMEDIATION_POSTGRES_USERNAME", "postgres"),
                Map.entry("TOCSIN_REMEDIATION_POSTGRES_PASSWORD", ""),
                Map.entry("TOCSIN_REMEDIATION_REDIS_URI", "redis://127.0.0.1:" + redisPort),
                // No Docker Engine here: its API is stubbed (an unanswered request fails the step, as a down engine would).
                Map.entry("TOCSIN_REMEDIATION_DOCKER_HOST", "tcp://127.0.0.1:" + slack.port()),
                // The seed's escalation matrix (SEV1 5 min / 1 h, SEV2 15 min / 4 h, SEV3 1 h / 24 h) in drill time.
                Map.entry("tocsin.incident.targets.SEV1.acknowledge", DrillConfigs.scaled("5m")),
                Map.entry("tocsin.incident.targets.SEV1.resolve", DrillConfigs.scaled("1h")),
                Map.entry("tocsin.incident.targets.SEV2.acknowledge", DrillConfigs.scaled("15m")),
                Map.entry("tocsin.incident.targets.SEV2.resolve", DrillConfigs.scaled("4h")),
                Map.entry("tocsin.incident.targets.SEV3.acknowledge", DrillConfigs.scaled("1h")),
                Map.entry("tocsin.incident.targets.SEV3.resolve", DrillConfigs.scaled("24h")),
                Map.entry("TOCSIN_BACKUP_DIRECTORY", backups.toString()),
                Map.entry("TOCSIN_BACKUP_SCHEDULE", "-"), // the drill plays the nightly run
                Map.entry("TOCSIN_BACKUP_SOURCE_URL", postgresUrl(APP_DATABASE)),
                Map.entry("TOCSIN_BACKUP_SOURCE_USERNAME", "postgres"),
                Map.entry("TOCSIN_BACKUP_SOURCE_PASSWORD", ""),
                Map.entry("tocsin.standalone.data-dir", tocsinData.toString()),
                Map.entry("tocsin.standalone.kafka-port", String.valueOf(freePort())),
                Map.entry("tocsin.standalone.controller-port", String.valueOf(freePort())),
                Map.entry("tocsin.standalone.postgres-port", String.valueOf(freePort())));
        properties.forEach(System::setProperty);
        stops.addFirst(io.tocsin.standalone.StandaloneForTests.start());
    }

    private void startAlertmanager() throws Exception {
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, DrillConfigs.alertmanager("http://127.0.0.1:" + ingestPort + "/api/v1/alerts/alertmanager",
                tocsinData.resolve("ingest-token")));
        Path storage = temporary("tocsin-drill-am");
        start("alertmanager", Map.of(), "prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--web.external-url=" + alertmanagerUrl(),
                "--cluster.listen-address=");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(alertmanagerUrl() + "/-/ready") == 200);
    }

    /** {@code redisExporters}: the job's targets as YAML flow items ({@code "host:port", "host:port"}). */
    private void startPrometheus(int postgresExporter, String redisExporters, int blackbox) throws Exception {
        List<Path> rules = DrillConfigs.rules(dir.resolve("rules"));
        StringBuilder tocsinTargets = new StringBuilder();
        for (int port : List.of(ingestPort, incidentPort, remediationPort, notifierPort, backupPort)) {
            tocsinTargets.append(tocsinTargets.isEmpty() ? "" : ", ").append("\"127.0.0.1:").append(port).append('"');
        }
        String config = """
                # Generated by the drill: the shipped rules (for: divided by %d), the drill's exporters under the job
                # names the rules expect, Tocsin's services as job "tocsin".
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ["127.0.0.1:%d"]}]
                scrape_configs:
                  - job_name: postgres
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                  - job_name: redis
                    static_configs: [{targets: [%s]}]
                  - job_name: api-health
                    metrics_path: /probe
                    params: {module: [http_2xx]}
                    static_configs: [{targets: ["%s"]}]
                    relabel_configs:
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                      - {target_label: __address__, replacement: "127.0.0.1:%d"}
                  - job_name: tocsin
                    scrape_interval: 5s
                    scrape_timeout: 5s
                    metrics_path: /actuator/prometheus
                    static_configs: [{targets: [%s]}]
                """.formatted(DrillConfigs.TIME_SCALE, String.join(", ", rules.stream().map(p -> "\"" + p + "\"").toList()),
                alertmanagerPort, postgresExporter, redisExporters, api.readinessUrl(), blackbox, tocsinTargets);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        Path storage = temporary("tocsin-drill-prometheus");
        start("prometheus", Map.of(), "prometheus", "--config.file=" + file, "--storage.tsdb.path=" + storage,
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--rules.alert.resend-delay=2s");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(prometheusUrl() + "/-/ready") == 200);
        // Every target up before any drill starts: a scrape that fails would show up as a drill's surprise incident.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThat(targets(health -> !health.equals("up"))).as("Prometheus targets not up").isEmpty());
        Thread.ofVirtual().name("drill-scrape-watch").start(this::logScrapeErrors);
    }

    /** Appends every failed scrape Prometheus reports to {@code scrape-errors.log}, for a drill's surprise incidents. */
    private void logScrapeErrors() {
        Path log = dir.resolve("scrape-errors.log");
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (String error : targets("down"::equals)) {
                    if (seen.add(error)) {
                        Files.writeString(log, java.time.Instant.now() + " " + error + "\n", java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
                Thread.sleep(1000); // a watcher's poll interval, not a test wait
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Prometheus stopping at the end of the run
            }
        }
    }

    /** Prometheus' targets whose {@code health} ({@code up}, {@code down}, {@code unknown}) is as given, with their last error. */
    List<String> targets(java.util.function.Predicate<String> health) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl() + "/api/v1/targets")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> down = new ArrayList<>();
        for (var target : io.tocsin.contracts.json.TocsinJson.mapper().readTree(response.body()).path("data").path("activeTargets")) {
            if (health.test(target.path("health").asString())) {
                down.add(target.path("scrapeUrl").asString() + " " + target.path("health").asString() + ": "
                        + target.path("lastError").asString());
            }
        }
        return down;
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    String postgresUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    /** Dumps the application database as the seed's backup job does, into {@link #backups} (see {@link DrillPostgres#dump}). */
    Path dumpBackup(java.time.Instant takenAt) throws Exception {
        return DrillPostgres.dump(postgresPort, APP_DATABASE, backups, takenAt);
    }

    String apiToken() throws IOException {
        return Files.readString(tocsinData.resolve("api-token")).strip();
    }

    private void start(String name, Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile());
            builder.environment().putAll(env);
            processes.add(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException(name + " did not start (" + command[0] + ": is its Debian package installed? "
                    + ".ci/run installs it): " + e.getMessage(), e);
        }
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Stops everything, each part on its own so one failure leaves no orphan; then deletes the temporary folders. */
    private void stop() {
        for (Runnable stop : stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                System.err.println("drill: stopping: " + e);
            }
        }
        api.kill();
        for (Process process : processes) {
            process.destroyForcibly();
        }
        slack.stop();
        for (Path temporary : temporaries) {
            try (var files = Files.walk(temporary)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                System.err.println("drill: could not delete " + temporary + ": " + e.getMessage());
            }
        }
    }

    private Path temporary(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        temporaries.add(dir);
        return dir;
    }

    /** A free port, never the same twice in this JVM ({@link io.tocsin.embedded.FreePorts}). */
    static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }
}
