package io.tocsin.backup;

import io.tocsin.backup.restore.Check;
import io.tocsin.backup.restore.ConnectionInfo;
import io.tocsin.backup.restore.Verifier;
import io.tocsin.backup.verification.Verifications;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.BackupCommand;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TestPostgres;
import io.tocsin.common.test.TocsinInfrastructure;
import io.tocsin.common.test.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Restore tests with the real PostgreSQL and the real pg_dump / pg_restore / psql: a fixture database
 * with tables, an enum, indexes and data verifies green in both formats, and each broken backup fails
 * with the check that names what is wrong. No scratch database ever survives a run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=backup-verifier",
        "tocsin.backup.schedule=-",
        "tocsin.backup.critical-tables=public.customers",
        "tocsin.backup.restore-timeout=120s",
        "tocsin.backup.outbox-retry-interval=2s",
        "tocsin.api.tokens=ops:responder-token=RESPONDER,grafana:auditor-token=AUDITOR"})
@ContextConfiguration(initializers = TocsinInfrastructure.class)
class BackupVerifierIT {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final String FIXTURE = "bvfixture" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final Path DIRECTORY;
    private static final Path REPORT;
    private static final HttpClient http = HttpClient.newHttpClient();
    /**
     * Scratch databases already on the shared server when this class started: left by another run a kill -9 stopped
     * (the scale scenario kills a verifier mid-restore), or made to stand for another deployment's. Not this run's;
     * the verifications below may sweep them.
     */
    private static final java.util.Set<String> LEFT_BY_EARLIER_RUNS;

    static {
        try {
            DIRECTORY = Files.createTempDirectory("tocsin-backups");
            REPORT = DIRECTORY.resolve("verify-latest.json");
            LEFT_BY_EARLIER_RUNS = java.util.concurrent.ConcurrentHashMap.newKeySet();
            LEFT_BY_EARLIER_RUNS.addAll(allScratchDatabases());
            TestPostgres.Database server = TestPostgres.database();
            try (Connection c = DriverManager.getConnection(server.url(), server.username(), server.password())) {
                c.createStatement().execute("CREATE DATABASE " + FIXTURE);
            }
            try (Connection c = DriverManager.getConnection(fixtureUrl(), server.username(), server.password())) {
                c.createStatement().execute("""
                        CREATE TYPE tier AS ENUM ('free', 'pro', 'enterprise');
                        CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, tier tier NOT NULL);
                        CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES customers (id),
                                             total numeric(10, 2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now());
                        CREATE INDEX orders_by_customer ON orders (customer_id);
                        INSERT INTO customers SELECT g, 'user' || g || '@example.com',
                            (ARRAY['free', 'pro', 'enterprise'])[1 + g % 3]::tier FROM generate_series(1, 500) g;
                        INSERT INTO orders (customer_id, total) SELECT 1 + g % 500, g * 1.5 FROM generate_series(1, 2000) g;
                        """);
            }
        } catch (IOException | SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Autowired
    Verifications verifications;
    @Autowired
    BackupSettings settings;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backupTarget(DynamicPropertyRegistry registry) {
        registry.add("tocsin.backup.directory", DIRECTORY::toString);
        registry.add("tocsin.backup.source-url", BackupVerifierIT::fixtureUrl);
        registry.add("tocsin.backup.report-file", REPORT::toString);
    }

    @BeforeEach
    @AfterEach
    void emptyDirectoryAndNoScratchDatabaseLeft() throws Exception {
        try (var files = Files.list(DIRECTORY)) {
            for (Path f : files.toList()) {
                if (!f.equals(REPORT)) {
                    Files.delete(f);
                }
            }
        }
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void customFormatDumpVerifiesGreenAndIsPublished() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");

        JsonNode report = verifyNow();

        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(checkNames(report)).contains("backup_age", "restore", "restore_duration", "tables_present", "row_counts",
                "checksum:public.customers", "extensions", "index_count", "enum_type_count");
        assertThat(check(report, "tables_present").get("actual").asString()).isEqualTo("2 tables");
        assertThat(check(report, "row_counts").get("actual").asString()).isEqualTo("2500 rows");
        assertThat(check(report, "enum_type_count").get("actual").asString()).isEqualTo("1");
        assertThat(report.get("backupFile").asString()).endsWith(".dump");
        assertThat(TocsinJson.mapper().readTree(Files.readString(REPORT)).get("verificationId").asString())
                .isEqualTo(report.get("verificationId").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(), Topics.BACKUP_VERIFICATIONS)
                .stream().anyMatch(r -> FIXTURE.equals(r.key())
                        && TocsinJson.mapper().readTree(r.value()).get("verificationId").asString().equals(report.get("verificationId").asString())));
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("tocsin_backup_last_verification_timestamp_seconds{application=\"backup-verifier\",database=\""
                + FIXTURE + "\",result=\"passed\"}", "tocsin_backup_age_seconds{", "tocsin_backup_restore_duration_seconds_bucket{");
    }

    @Test
    void plainGzipDumpVerifiesGreen() throws Exception {
        Path plain = DIRECTORY.resolve("plain.sql");
        pgDump(plain, "--format=plain", "--no-owner");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(DIRECTORY.resolve(FIXTURE + "_" + STAMP.format(Instant.now()) + ".sql.gz")))) {
            Files.copy(plain, out);
        }
        Files.delete(plain);
        JsonNode report = verifyNow();
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("backupFile").asString()).endsWith(".sql.gz");
    }

    @Test
    void aRestoreThatWritesMuchToStandardErrorNeitherBlocksNorFails() throws Exception {
        Path plain = DIRECTORY.resolve("plain.sql");
        pgDump(plain, "--format=plain", "--no-owner");
        // About 700 KB of notices on psql's standard error, ten times a pipe's buffer: undrained, psql would block.
        String noisy = "DO $$ BEGIN FOR i IN 1..6000 LOOP RAISE NOTICE 'restore chatter % %', i, repeat('x', 100); "
                + "END LOOP; END $$;\n" + Files.readString(plain);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                DIRECTORY.resolve(FIXTURE + "_" + STAMP.format(Instant.now()) + ".sql.gz")))) {
            out.write(noisy.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.delete(plain);
        JsonNode report = verifyNow();
        assertThat(check(report, "restore").get("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void truncatedDumpFailsTheRestoreCheck() throws Exception {
        Path file = dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        JsonNode report = verifyNow();
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(check(report, "restore").get("passed").asBoolean()).isFalse();
        assertThat(checkNames(report)).doesNotContain("tables_present");
    }

    @Test
    void dumpMissingATableFailsTablesPresent() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom", "--exclude-table=orders");
        JsonNode report = verifyNow();
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(check(report, "tables_present").get("actual").asString()).isEqualTo("missing public.orders");
        assertThat(check(report, "restore").get("passed").asBoolean()).isTrue();
    }

    @Test
    void changedRowsInACriticalTableFailItsChecksum() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
        fixture("UPDATE customers SET tier = 'enterprise' WHERE id <= 3");
        try {
            JsonNode report = verifyNow();
            assertThat(report.get("passed").asBoolean()).isFalse();
            JsonNode checksum = check(report, "checksum:public.customers");
            assertThat(checksum.get("passed").asBoolean()).isFalse();
            assertThat(checksum.get("expected").asString()).isNotEqualTo(checksum.get("actual").asString());
            assertThat(check(report, "row_counts").get("passed").asBoolean()).isTrue();
        } finally {
            fixture("UPDATE customers SET tier = (ARRAY['free', 'pro', 'enterprise'])[1 + id % 3]::tier WHERE id <= 3");
        }
    }

    /**
     * A steady write load on the source, as every production database has: new customers and orders, and updates of
     * existing orders (not a critical table), from before the dump until after the verification.
     */
    private static final class WriteLoad implements AutoCloseable {

        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        private final Thread writer;

        WriteLoad() {
            writer = Thread.ofVirtual().start(() -> {
                TestPostgres.Database server = TestPostgres.database();
                try (Connection c = DriverManager.getConnection(fixtureUrl(), server.username(), server.password())) {
                    long id = 1_000_000;
                    while (running.get()) {
                        id++;
                        c.createStatement().execute("INSERT INTO customers VALUES (" + id + ", 'load" + id
                                + "@example.com', 'pro'); INSERT INTO orders (customer_id, total) VALUES (" + id + ", 9.99);"
                                + " UPDATE orders SET total = total + 1 WHERE id = " + (1 + id % 2000));
                        written.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        long written() {
            return written.get();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            writer.join();
            fixture("DELETE FROM orders WHERE customer_id > 1000000; DELETE FROM customers WHERE id > 1000000;"
                    + " UPDATE orders SET total = id * 1.5");
        }
    }

    @Test
    void aGoodDumpOfADatabaseUnderWritesVerifies() throws Exception {
        try (WriteLoad load = new WriteLoad()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.written() >= 50);
            dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
            long atDump = load.written();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.written() >= atDump + 50); // the source moved on

            JsonNode report = verifyNow();

            assertThat(load.written()).isGreaterThan(atDump + 50);
            assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
            assertThat(check(report, "row_counts").get("expected").asString()).contains("up to each table's watermark");
            assertThat(check(report, "checksum:public.customers").get("expected").asString()).contains("up to id ");
        }
    }

    @Test
    void aTableKeyedByRandomUuidsIsComparedWholeNotBoundedByItsKey() throws Exception {
        fixture("CREATE TABLE audit_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), what text NOT NULL);"
                + " INSERT INTO audit_events (what) SELECT 'event ' || g FROM generate_series(1, 100) g");
        try {
            dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
            JsonNode report = verifyNow();
            assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
            assertThat(check(report, "row_counts").get("actual").asString()).isEqualTo("2600 rows");
        } finally {
            fixture("DROP TABLE audit_events");
        }
    }

    @Test
    void rowsAlteredInTheDumpAfterItWasTakenFailTheChecksumEvenUnderWrites() throws Exception {
        try (WriteLoad load = new WriteLoad()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.written() >= 20);
            Path plain = DIRECTORY.resolve("plain.sql");
            pgDump(plain, "--format=plain", "--no-owner");
            String altered = Files.readString(plain).replace("user7@example.com", "user7@attacker.example.com");
            assertThat(altered).contains("user7@attacker.example.com");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                    DIRECTORY.resolve(FIXTURE + "_" + STAMP.format(Instant.now()) + ".sql.gz")))) {
                out.write(altered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Files.delete(plain);

            JsonNode report = verifyNow();

            assertThat(report.get("passed").asBoolean()).isFalse();
            assertThat(check(report, "checksum:public.customers").get("passed").asBoolean()).isFalse();
            assertThat(check(report, "row_counts").get("passed").asBoolean()).as(report.toString()).isTrue();
            assertThat(check(report, "restore").get("passed").asBoolean()).isTrue();
        }
    }

    @Test
    void backupOlderThanTheMaximumAgeFailsBackupAge() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now().minus(Duration.ofHours(30))) + ".dump", "--format=custom");
        JsonNode report = verifyNow();
        assertThat(report.get("passed").asBoolean()).isFalse();
        JsonNode age = check(report, "backup_age");
        assertThat(age.get("passed").asBoolean()).isFalse();
        assertThat(age.get("expected").asString()).isEqualTo("<= 25h");
        assertThat(age.get("actual").asString()).startsWith("30.");
    }

    @Test
    void noBackupAtAllFailsBackupAge() throws Exception {
        JsonNode report = verifyNow();
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(check(report, "backup_age").get("actual").asString()).isEqualTo("none found");
    }

    @Test
    void secondRequestWhileOneRunsGets409WithTheRunningId() throws Exception {
        UUID running = verifications.begin("test");
        try {
            assertThatThrownBy(() -> verifications.begin("again")).isInstanceOfSatisfying(Verifications.AlreadyRunning.class,
                    e -> assertThat(e.running()).isEqualTo(running));
            HttpResponse<String> conflict = post("/api/v1/verifications");
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(TocsinJson.mapper().readTree(conflict.body()).get("running").asString()).isEqualTo(running.toString());
        } finally {
            verifications.run(running);
        }
    }

    @Test
    void verifyBackupCommandOnKafkaStartsAVerification() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
        String before = latestId();
        TestKafka.send(Topics.BACKUP_COMMANDS, new BackupCommand.VerifyBackup(UUID.randomUUID(), Instant.now(), FIXTURE,
                "remediation:INC-7"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !latestId().equals(before));
        assertThat(TocsinJson.mapper().readTree(get("/api/v1/verifications?size=1").body()).get("items").get(0)
                .get("trigger").asString()).isEqualTo("kafka:remediation:INC-7");
    }

    @Test
    void restoreThatTimesOutFailsAndLeavesNoScratchDatabase() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
        BackupSettings quick = new BackupSettings(settings.directory(), settings.sourceUrl(), settings.sourceUsername(),
                settings.sourcePassword(), "-", settings.maxAge(), Duration.ofMillis(1), settings.restoreTarget(),
                settings.rowCountTolerance(), List.of(), List.of(), Map.of(), settings.pgRestore(), settings.psql(), null);
        Verifier.Outcome outcome = new Verifier(quick, Clock.systemUTC()).verify();
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.checks().stream().filter(c -> c.name().equals("restore")).findFirst().orElseThrow().actual())
                .startsWith("timed out");
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aScratchDatabaseLeftByAKilledVerifierIsDroppedByTheNextRestoreTest() throws Exception {
        String orphan = "tocsin_verify_20200101000000_4242"; // named long ago, nobody connected: its verifier died
        String young = "tocsin_verify_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "_4343"; // just created by another deployment's restore, not yet connected
        createDatabase(orphan);
        createDatabase(young);
        LEFT_BY_EARLIER_RUNS.add(young);
        try {
            dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");

            assertThat(verifyNow().get("passed").asBoolean()).isTrue();

            assertThat(allScratchDatabases()).doesNotContain(orphan).contains(young);
        } finally {
            dropDatabase(orphan);
            dropDatabase(young);
        }
    }

    @Test
    void missingRestoreBinaryIsAFailedCheckNotACrash() throws Exception {
        dump(FIXTURE + "_" + STAMP.format(Instant.now()) + ".dump", "--format=custom");
        BackupSettings broken = new BackupSettings(settings.directory(), settings.sourceUrl(), settings.sourceUsername(),
                settings.sourcePassword(), "-", settings.maxAge(), settings.restoreTimeout(), settings.restoreTarget(),
                settings.rowCountTolerance(), List.of(), List.of(), Map.of(), "/nonexistent/pg_restore", settings.psql(), null);
        Verifier.Outcome outcome = new Verifier(broken, Clock.systemUTC()).verify();
        Check restore = outcome.checks().stream().filter(c -> c.name().equals("restore")).findFirst().orElseThrow();
        assertThat(restore.passed()).isFalse();
        assertThat(restore.actual()).contains("cannot run /nonexistent/pg_restore").contains("tocsin.backup.pg-restore");
    }

    // ---- helpers ----

    private JsonNode verifyNow() throws Exception {
        HttpResponse<String> started = post("/api/v1/verifications");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = TocsinJson.mapper().readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(120)).until(() -> id.equals(latestId()));
        JsonNode report = TocsinJson.mapper().readTree(get("/api/v1/verifications/latest").body());
        assertThat(scratchDatabases()).isEmpty();
        return report;
    }

    private String latestId() throws Exception {
        HttpResponse<String> latest = get("/api/v1/verifications/latest");
        return latest.statusCode() == 200 ? TocsinJson.mapper().readTree(latest.body()).get("verificationId").asString() : "";
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static List<String> checkNames(JsonNode report) {
        return report.get("checks").findValuesAsString("name");
    }

    private Path dump(String name, String... options) throws Exception {
        Path file = DIRECTORY.resolve(name);
        pgDump(file, options);
        return file;
    }

    private static void pgDump(Path file, String... options) throws Exception {
        TestPostgres.Database server = TestPostgres.database();
        ConnectionInfo info = ConnectionInfo.of(fixtureUrl(), server.username(), server.password());
        List<String> command = new java.util.ArrayList<>(List.of("pg_dump", "--file=" + file));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(info.environment());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static void fixture(String sql) throws SQLException {
        TestPostgres.Database server = TestPostgres.database();
        try (Connection c = DriverManager.getConnection(fixtureUrl(), server.username(), server.password())) {
            c.createStatement().execute(sql);
        }
    }

    /** The scratch databases this run left: none may survive a verification. */
    private static List<String> scratchDatabases() throws SQLException {
        return allScratchDatabases().stream().filter(name -> !LEFT_BY_EARLIER_RUNS.contains(name)).toList();
    }

    private static void createDatabase(String name) throws SQLException {
        TestPostgres.Database server = TestPostgres.database();
        try (Connection c = DriverManager.getConnection(server.url(), server.username(), server.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
    }

    private static void dropDatabase(String name) throws SQLException {
        TestPostgres.Database server = TestPostgres.database();
        try (Connection c = DriverManager.getConnection(server.url(), server.username(), server.password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private static List<String> allScratchDatabases() throws SQLException {
        TestPostgres.Database server = TestPostgres.database();
        try (Connection c = DriverManager.getConnection(server.url(), server.username(), server.password());
             var rs = c.createStatement().executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'tocsin_verify_%'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static String fixtureUrl() {
        String url = TestPostgres.database().url();
        return url.substring(0, url.lastIndexOf('/') + 1) + FIXTURE;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer auditor-token").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return post(path, "responder-token");
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiTakesTheSharedTokensAndRecordsTheTokensNameNeverAQueryParameter() throws Exception {
        HttpResponse<String> anonymous = post("/api/v1/verifications", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tocsin\"");
        assertThat(TocsinJson.mapper().readTree(anonymous.body()).get("error").asString()).isEqualTo("unauthorized");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/verifications/latest"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> auditor = post("/api/v1/verifications", "auditor-token");
        assertThat(auditor.statusCode()).isEqualTo(403);
        assertThat(TocsinJson.mapper().readTree(auditor.body()).get("error").asString()).isEqualTo("forbidden");

        String before = latestId();
        HttpResponse<String> started = post("/api/v1/verifications?by=mallory", "responder-token");
        assertThat(started.statusCode()).isEqualTo(202);
        String id = TocsinJson.mapper().readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> !latestId().equals(before));
        JsonNode item = TocsinJson.mapper().readTree(get("/api/v1/verifications?size=1").body()).get("items").get(0);
        assertThat(item.get("id").asString()).isEqualTo(id);
        assertThat(item.get("trigger").asString()).isEqualTo("api:ops");
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }
}
