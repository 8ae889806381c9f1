package io.tocsin.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The machine's raw limits for Tocsin's records, measured against the same broker and database in the same run:
 * Kafka's own producer perf test ({@code acks=all}, the size of one alerts.v1 record) and a batched JDBC insert of
 * Tocsin's alert row shape; and upstream's pace, Alertmanager's own {@code POST /api/v2/alerts}.
 */
final class RawLimits {

    private RawLimits() {
    }

    /** Kafka producer perf test result. */
    record Producer(long records, double recordsPerSecond, double mbPerSecond, double avgLatencyMs, double p99LatencyMs,
                    int recordSize) {
    }

    /**
     * Runs {@code org.apache.kafka.tools.ProducerPerformance} in this JVM ({@code --throughput -1}, {@code acks=all},
     * idempotent producer and lz4 as alert-ingest uses) and parses its summary line.
     */
    static Producer producer(String bootstrap, long records, int recordSize) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench.raw", 6, (short) 1))).all().get();
        }
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(new String[]{"--topic", "bench.raw", "--num-records", String.valueOf(records),
                    "--record-size", String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
                    "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "compression.type=lz4",
                    "linger.ms=5"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        String last = out.lines().filter(l -> l.contains("records sent")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no ProducerPerformance summary in: " + out));
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency,"
                + ".*?([\\d.]+) ms 99th").matcher(last);
        if (!m.find()) {
            throw new IllegalStateException("cannot read ProducerPerformance summary: " + last);
        }
        return new Producer(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), recordSize);
    }

    /** Batched insert result. */
    record Insert(long rows, double rowsPerSecond, int batchSize) {
    }

    /**
     * Inserts {@code rows} rows shaped like {@code incident.alert} (fingerprint, startsAt, incident id, status,
     * severity, labels and annotations as JSONB, generator URL, attached time) in JDBC batches of {@code batchSize},
     * one transaction per batch, into a scratch table of the same database.
     */
    static Insert batchedInsert(String jdbcUrl, long rows, int batchSize) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl + "&reWriteBatchedInserts=true")) {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_raw_alert");
                s.execute("""
                        CREATE TABLE bench_raw_alert (fingerprint TEXT NOT NULL, starts_at TIMESTAMPTZ NOT NULL,
                            incident_id UUID NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, labels JSONB NOT NULL,
                            annotations JSONB NOT NULL, ends_at TIMESTAMPTZ, generator_url TEXT, attached_at TIMESTAMPTZ NOT NULL,
                            PRIMARY KEY (fingerprint, starts_at))""");
            }
            c.setAutoCommit(false);
            UUID incident = UUID.randomUUID();
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw_alert VALUES (?, ?, ?, 'firing', 'SEV3', ?::jsonb, ?::jsonb, NULL, ?, ?)")) {
                for (long i = 0; i < rows; i++) {
                    bindAlert(ps, i, incident, now);
                    if ((i + 1) % batchSize == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE bench_raw_alert");
            }
            c.commit();
            return new Insert(rows, rows / seconds, batchSize);
        }
    }

    /** Result of the Tocsin-shaped insert: alerts written per second, with their incidents and timeline entries. */
    record TocsinShape(long alerts, long incidents, double alertsPerSecond, int batchSize, int groupSize) {
    }

    /**
     * What triage writes for new alerts, without triage: per poll of {@code batchSize} alerts in groups of
     * {@code groupSize}, one transaction that inserts the groups' incidents (with an {@code incident.opened} timeline
     * entry each) and every alert with its {@code alert.attached} entry — into copies of {@code incident.incident},
     * {@code incident.alert} and {@code incident.timeline_entry} with the same columns, checks and indexes
     * ({@code LIKE … INCLUDING ALL}) and the same foreign keys, in schema {@code bench_raw} of the standalone's database,
     * as JDBC batches ({@code reWriteBatchedInserts}). The hashes are fixed strings: the database's share only.
     */
    static TocsinShape tocsinShapeInsert(String jdbcUrl, long alerts, int batchSize, int groupSize) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl + "&reWriteBatchedInserts=true")) {
            try (var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
                s.execute("CREATE SCHEMA bench_raw");
                s.execute("CREATE TABLE bench_raw.incident (LIKE incident.incident INCLUDING ALL)");
                s.execute("CREATE TABLE bench_raw.alert (LIKE incident.alert INCLUDING ALL, "
                        + "FOREIGN KEY (incident_id) REFERENCES bench_raw.incident (id))");
                s.execute("CREATE TABLE bench_raw.timeline_entry (LIKE incident.timeline_entry INCLUDING ALL, "
                        + "FOREIGN KEY (incident_id) REFERENCES bench_raw.incident (id))");
            }
            c.setAutoCommit(false);
            String hash = "0".repeat(64);
            Instant now = Instant.now();
            long incidents = 0;
            long t0 = System.nanoTime();
            try (PreparedStatement incident = c.prepareStatement("""
                    INSERT INTO bench_raw.incident (id, number, title, status, severity, service, grouping_key, group_key,
                        receiver, source, opened_at) VALUES (?, ?, ?, 'TRIGGERED', 'SEV3', 'bench', ?, ?, 'tocsin', 'alertmanager', ?)""");
                 PreparedStatement alert = c.prepareStatement("""
                    INSERT INTO bench_raw.alert (fingerprint, starts_at, incident_id, status, severity, labels, annotations,
                        generator_url, attached_at) VALUES (?, ?, ?, 'firing', 'warning', ?::jsonb, ?::jsonb, ?, ?)""");
                 PreparedStatement entry = c.prepareStatement("""
                    INSERT INTO bench_raw.timeline_entry (incident_id, sequence, at, type, actor, summary, details,
                        previous_hash, hash) VALUES (?, ?, ?, ?, 'alertmanager', ?, ?::jsonb, ?, ?)""")) {
                UUID current = null;
                int sequence = 0;
                for (long i = 0; i < alerts; i++) {
                    if (i % groupSize == 0) {
                        current = UUID.randomUUID();
                        incidents++;
                        sequence = 1;
                        incident.setObject(1, current);
                        incident.setLong(2, incidents);
                        incident.setString(3, "BenchAlert on bench-" + incidents);
                        incident.setString(4, "{}:{alertname=\"BenchAlert\", service=\"bench-" + incidents + "\"}");
                        incident.setString(5, "{}:{alertname=\"BenchAlert\", service=\"bench-" + incidents + "\"}");
                        incident.setTimestamp(6, Timestamp.from(now));
                        incident.addBatch();
                        addEntry(entry, current, sequence, now, "incident.opened", "Opened from BenchAlert", "{\"severity\":\"SEV3\"}", hash);
                    }
                    bindAlert(alert, i, current, now);
                    addEntry(entry, current, ++sequence, now, "alert.attached", "BenchAlert firing on host-" + i,
                            "{\"fingerprint\":\"" + String.format("%016x", i) + "\",\"status\":\"firing\"}", hash);
                    if ((i + 1) % batchSize == 0 || i + 1 == alerts) {
                        incident.executeBatch(); // parents first: the foreign keys are checked per statement
                        alert.executeBatch();
                        entry.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (var s = c.createStatement()) {
                s.execute("DROP SCHEMA bench_raw CASCADE");
            }
            c.commit();
            return new TocsinShape(alerts, incidents, alerts / seconds, batchSize, groupSize);
        }
    }

    /** Alert {@code i} as {@code (fingerprint, starts_at, incident_id, labels, annotations, generator_url, attached_at)}. */
    private static void bindAlert(PreparedStatement ps, long i, UUID incident, Instant now) throws java.sql.SQLException {
        ps.setString(1, String.format("%016x", i));
        ps.setTimestamp(2, Timestamp.from(now));
        ps.setObject(3, incident);
        ps.setString(4, "{\"alertname\":\"BenchAlert\",\"instance\":\"host-" + i + ":9100\",\"service\":\"bench\",\"severity\":\"warning\"}");
        ps.setString(5, "{\"summary\":\"BenchAlert on bench\",\"description\":\"Synthetic load from bin/bench\"}");
        ps.setString(6, "http://prometheus:9090/graph?g0.expr=up");
        ps.setTimestamp(7, Timestamp.from(now));
        ps.addBatch();
    }

    private static void addEntry(PreparedStatement entry, UUID incident, int sequence, Instant at, String type, String summary,
                                 String details, String hash) throws java.sql.SQLException {
        entry.setObject(1, incident);
        entry.setInt(2, sequence);
        entry.setTimestamp(3, Timestamp.from(at));
        entry.setString(4, type);
        entry.setString(5, summary);
        entry.setString(6, details);
        entry.setString(7, hash);
        entry.setString(8, hash);
        entry.addBatch();
    }

    /** Alertmanager API result. */
    record Upstream(String version, long alerts, double alertsPerSecond, double p99Millis) {
    }

    /**
     * Starts Debian's {@code prometheus-alertmanager} (no receivers that send anything) and feeds its
     * {@code POST /api/v2/alerts} with the same generator, batches and concurrency as the ingest scenario.
     */
    static Upstream alertmanagerApi(Payloads payloads, int requests, int alertsPerRequest, int concurrency) throws Exception {
        Path binary = Path.of("/usr/bin/prometheus-alertmanager");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)");
        }
        Path dir = Files.createTempDirectory("bench-alertmanager");
        Files.writeString(dir.resolve("alertmanager.yml"), "route:\n  receiver: void\nreceivers:\n  - name: void\n");
        int port = StandaloneProcess.freePort();
        Process am = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        String version = new String(new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        try (LoadGenerator load = new LoadGenerator(java.net.URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"), null,
                "application/json")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!load.send("[]")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Alertmanager did not start; see " + dir.resolve("alertmanager.log"));
                }
                Thread.sleep(100);
            }
            LoadGenerator.Result r = load.maxRate(requests, concurrency,
                    n -> payloads.alertmanagerApiAlerts("BenchUpstream", "bench-" + (n % 100), n * alertsPerRequest, alertsPerRequest),
                    alertsPerRequest);
            return new Upstream(version, r.acceptedAlerts(), r.acceptedAlertsPerSecond(),
                    r.latencyMicros().getValueAtPercentile(99) / 1000.0);
        } finally {
            am.destroy();
        }
    }
}
