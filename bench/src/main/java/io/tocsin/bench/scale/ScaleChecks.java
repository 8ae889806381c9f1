package io.tocsin.bench.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the scale scenario asserts, each as {@code {"expected", "actual", "passed"}} in the result's {@code checks}:
 * read from the shared database, from Tocsin's own audit API and from what the Slack stub received — never from a
 * service's memory. Each check waits (bounded) for the system to get there, so a slow but correct system passes and
 * a duplicate or a loss fails.
 */
final class ScaleChecks {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectNode checks;
    private final String incidentApi;
    private final String token;

    /**
     * @param checks      where each check is written
     * @param incidentApi base URL of a live incident-service instance
     * @param token       an ADMIN API token
     */
    ScaleChecks(ObjectNode checks, String incidentApi, String token) {
        this.checks = checks;
        this.incidentApi = incidentApi;
        this.token = token;
    }

    /** Every webhook was accepted by some alert-ingest instance within its retries. */
    void webhooksDelivered(ScaleLoad.Sent sent) {
        record("webhooksNeverAccepted", 0, sent.failedWebhooks());
    }

    /** Every accepted alert is stored on an incident: waits up to {@code timeout}; returns the time it took. */
    Duration alertsStored(long accepted, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long stored = waitFor(timeout, () -> scalar("SELECT count(*) FROM incident.alert"), n -> n >= accepted);
        record("alertsLost", 0, accepted - stored);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One incident per grouping key (grouping by service), never two open at once. */
    void oneIncidentPerGroupingKey(int services) throws SQLException {
        record("incidents", services, scalar("SELECT count(*) FROM incident.incident"));
        record("groupingKeysWithTwoOpenIncidents", 0, scalar("SELECT count(*) FROM (SELECT grouping_key FROM incident.incident "
                + "WHERE status <> 'RESOLVED' GROUP BY grouping_key HAVING count(*) > 1) k"));
    }

    /** {@code GET /api/v1/audit/verify}: every incident's hash chain verifies. */
    void chainsVerify() throws Exception {
        JsonNode verify = get("/api/v1/audit/verify");
        record("chainStatus", "intact", verify.path("status").asString());
        checks.putObject("chainDetail").setAll((ObjectNode) verify);
    }

    /**
     * Waits until every incident has escalated at least once (its acknowledge target passed), acknowledges them all
     * through the API so escalation stops, then compares the timeline's escalations with Slack's announcements per
     * incident: each due escalation recorded once (no two with the same {@code dueAt}) and announced once.
     */
    void escalationsOnce(SlackRecorder slack, Duration timeout) throws Exception {
        long unescalated = waitFor(timeout, () -> scalar("SELECT count(*) FROM incident.incident i WHERE NOT EXISTS ("
                + "SELECT 1 FROM incident.timeline_entry t WHERE t.incident_id = i.id AND t.type = 'incident.escalated')"), n -> n == 0);
        record("incidentsNeverEscalated", 0, unescalated);
        for (String id : strings("SELECT id::text FROM incident.incident WHERE status = 'TRIGGERED'")) {
            post("/api/v1/incidents/" + id + "/acknowledge");
        }
        record("escalationsRecordedTwice", 0, scalar("SELECT count(*) FROM (SELECT incident_id, details->>'dueAt' FROM "
                + "incident.timeline_entry WHERE type = 'incident.escalated' GROUP BY 1, 2 HAVING count(*) > 1) d"));
        Map<String, Integer> recorded = new HashMap<>();
        try (Connection c = ScaleDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'INC-' || i.number, count(*) FROM incident.incident i JOIN incident.timeline_entry t "
                     + "ON t.incident_id = i.id AND t.type = 'incident.escalated' GROUP BY 1")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getInt(2));
            }
        }
        record("escalationsRecorded", "> 0", recorded.values().stream().mapToInt(Integer::intValue).sum(),
                !recorded.isEmpty());
        long[] differences = new long[2];
        waitFor(timeout, () -> {
            Map<String, Integer> announced = slack.escalationsPerIncident();
            differences[0] = 0;
            differences[1] = 0;
            recorded.forEach((key, n) -> {
                int a = announced.getOrDefault(key, 0);
                differences[0] += Math.max(0, a - n);
                differences[1] += Math.max(0, n - a);
            });
            return differences[0] + differences[1];
        }, n -> n == 0);
        record("escalationsAnnouncedTwice", 0, differences[0]);
        record("escalationsNotAnnounced", 0, differences[1]);
    }

    /**
     * One Slack root message per incident, no reply before its root, one send at a time per channel. A duplicate root
     * carries its posts (ts and queue key) and the notifiers' {@code slack.*} log lines of its incident, so that a
     * failure in CI names its path.
     *
     * @param logs the folder with each instance's {@code <service>-<n>.log}
     */
    void slackOrder(SlackRecorder slack, Duration timeout, java.nio.file.Path logs) throws Exception {
        List<String> keys = strings("SELECT 'INC-' || number FROM incident.incident");
        long missing = waitFor(timeout, () -> keys.stream().filter(k -> !slack.rootsPerIncident().containsKey(k)).count(), n -> n == 0);
        record("incidentsWithoutSlackRoot", 0, missing);
        record("incidentsWithTwoSlackRoots", 0, slack.rootsPerIncident().values().stream().filter(n -> n > 1).count());
        if (!slack.duplicateRoots().isEmpty()) {
            ObjectNode detail = ((ObjectNode) checks.get("incidentsWithTwoSlackRoots")).putObject("duplicates");
            for (var duplicate : slack.duplicateRoots().entrySet()) {
                ObjectNode d = detail.putObject(duplicate.getKey());
                d.set("posts", json.valueToTree(duplicate.getValue()));
                List<String> ids = strings("SELECT id::text FROM incident.incident WHERE 'INC-' || number = '"
                        + duplicate.getKey().replaceAll("[^A-Z0-9-]", "") + "'");
                d.set("notifierLog", json.valueToTree(ids.isEmpty() ? List.of() : slackLogLines(logs, ids.getFirst())));
            }
        }
        record("slackRepliesBeforeRoot", 0, slack.repliesBeforeRoot());
        record("slackMaxSendsAtOnceInAChannel", 1, slack.maxInFlightPerChannel());
    }

    /**
     * Scheduled backup verifications: never two for one tick (ticks every {@code every} seconds, by start time), none
     * left RUNNING, and the last two ticks verified (no stall after a crash).
     */
    void oneVerificationPerTick(int everySeconds, Duration timeout) throws Exception {
        String ticks = "SELECT floor(extract(epoch FROM started_at) / " + everySeconds + ") AS tick, count(*) AS n FROM "
                + "backup.verification WHERE trigger = 'schedule' GROUP BY 1";
        record("verificationTicksRunTwice", 0, scalar("SELECT count(*) FROM (" + ticks + ") t WHERE n > 1"));
        long latestTick = scalar("SELECT floor(extract(epoch FROM now()) / " + everySeconds + ")::bigint");
        long lastTwo = waitFor(timeout, () -> scalar("SELECT count(*) FROM (" + ticks + ") t WHERE tick >= "
                + "floor(extract(epoch FROM now()) / " + everySeconds + ") - 2 AND tick < floor(extract(epoch FROM now()) / "
                + everySeconds + ")"), n -> n >= 2);
        record("lastTwoTicksVerified", 2, lastTwo);
        record("verificationsPassed", "> 0", scalar("SELECT count(*) FROM backup.verification WHERE status = 'PASSED'"),
                scalar("SELECT count(*) FROM backup.verification WHERE status = 'PASSED'") > 0);
        record("verificationsLeftRunning", 0, scalar("SELECT count(*) FROM backup.verification WHERE status = 'RUNNING' "
                + "AND started_at < now() - interval '2 minutes'"));
        checks.put("verificationTicks", scalar("SELECT count(*) FROM (" + ticks + ") t") + " ticks up to " + latestTick);
    }

    /** The notifiers' {@code slack.*} log lines about one incident, at most 40, each prefixed with its file. */
    private static List<String> slackLogLines(java.nio.file.Path logs, String incidentId) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        try (var files = java.nio.file.Files.list(logs)) {
            for (java.nio.file.Path log : files.filter(f -> f.getFileName().toString().matches("notifier-\\d+\\.log")).sorted().toList()) {
                for (String line : java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    if (line.contains(incidentId) && line.contains("slack.") && lines.size() < 40) {
                        lines.add(log.getFileName() + ": " + line);
                    }
                }
            }
        }
        return lines;
    }

    /** True when every check recorded so far passed. */
    boolean allPassed() {
        for (var e : checks.properties()) {
            if (e.getValue().isObject() && e.getValue().has("passed") && !e.getValue().get("passed").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** The names of the checks that failed. */
    List<String> failed() {
        List<String> failed = new ArrayList<>();
        for (var e : checks.properties()) {
            if (e.getValue().isObject() && e.getValue().has("passed") && !e.getValue().get("passed").asBoolean()) {
                failed.add(e.getKey() + " " + e.getValue());
            }
        }
        return failed;
    }

    private void record(String name, long expected, long actual) {
        record(name, expected, actual, expected == actual);
    }

    private void record(String name, String expected, String actual) {
        ObjectNode c = checks.putObject(name);
        c.put("expected", expected);
        c.put("actual", actual);
        c.put("passed", expected.equals(actual));
    }

    private void record(String name, Object expected, long actual, boolean passed) {
        ObjectNode c = checks.putObject(name);
        c.put("expected", String.valueOf(expected));
        c.put("actual", actual);
        c.put("passed", passed);
    }

    private interface Probe {
        long read() throws Exception;
    }

    /** Polls {@code probe} every 500 ms until {@code done} or {@code timeout}; returns the last value. */
    private static long waitFor(Duration timeout, Probe probe, java.util.function.LongPredicate done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long value = probe.read();
            if (done.test(value) || System.nanoTime() > deadline) {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    static long scalar(String sql) throws SQLException {
        try (Connection c = ScaleDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = ScaleDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private JsonNode get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(incidentApi + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private void post(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(incidentApi + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"scale scenario\"}")).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2 && status != 409) {
            throw new IllegalStateException("POST " + path + " answered " + status);
        }
    }
}
