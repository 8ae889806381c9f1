package io.tocsin.bench;

import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every scenario works with in one {@code bin/bench} run: the standalone under test and the Slack stub, load
 * generators, the zero-loss count in {@code incident.alert}, the wait for incident-service's consumers, the Slack
 * watch that a latency scenario measures against, and the result's number formats.
 */
final class BenchRun {

    private final StandaloneProcess tocsin;
    private final SlackStub slack;
    /** Per send of the last {@link #visibleLatency} run: its latency in µs. */
    private final Map<String, Long> measured = new ConcurrentHashMap<>();

    BenchRun(StandaloneProcess tocsin, SlackStub slack) {
        this.tocsin = tocsin;
        this.slack = slack;
    }

    /** The standalone under test. */
    public StandaloneProcess tocsin() {
        return tocsin;
    }

    /** The Slack stub the standalone's notifier posts to. */
    public SlackStub slack() {
        return slack;
    }



    public Payloads payloads() {
        return new Payloads(UUID.randomUUID().toString().substring(0, 8), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public LoadGenerator ingest() throws Exception {
        return new LoadGenerator(URI.create("http://127.0.0.1:" + tocsin.ingestPort + "/api/v1/alerts/alertmanager"),
                "Bearer " + tocsin.ingestToken(), "application/json");
    }

    /** The size of one alerts.v1 record as alert-ingest writes it (CloudEvents headers aside). */
    public static int recordSize(Payloads p) {
        Map<String, String> labels = Map.of("alertname", "BenchIngest", "service", "bench-1", "instance", "host-1:9100",
                "severity", "warning", "bench_run", p.run());
        AlertReceived alert = new AlertReceived(UUID.randomUUID(), Instant.now(), "0123456789abcdef", AlertStatus.FIRING, labels,
                Map.of("summary", "BenchIngest on bench-1", "description", "Synthetic load from bin/bench"), Instant.now(), null,
                "http://prometheus:9090/graph?g0.expr=up", p.groupKey("BenchIngest", "bench-1"), "tocsin", "http://alertmanager:9093",
                "alertmanager", Instant.now());
        return new MessageCodec().write(alert).length;
    }

    /**
     * Sends one alert per new group at {@code perSecond} for {@code duration}, and measures from each send's
     * scheduled time until {@code seen} reports its service (a poller, every 10 ms).
     */
    public Histogram visibleLatency(Payloads p, double perSecond, Duration duration,
                                     java.util.function.Function<String, Long> seen, Map<String, Long> scheduled)
            throws Exception {
        Histogram latency = new Histogram(3);
        measured.clear();
        AtomicBoolean polling = new AtomicBoolean(true);
        Set<String> done = ConcurrentHashMap.newKeySet();
        Thread poller = Thread.ofVirtual().start(() -> {
            while (polling.get()) { // until every send was seen, or the wait below gave up
                for (var e : scheduled.entrySet()) {
                    if (!done.contains(e.getKey())) {
                        Long at = seen.apply(e.getKey());
                        if (at != null && done.add(e.getKey())) {
                            latency.recordValue(Math.max(1, (at - e.getValue()) / 1000));
                            measured.put(e.getKey(), Math.max(1, (at - e.getValue()) / 1000));
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        long interval = Math.round(1e9 / perSecond);
        try (LoadGenerator load = ingest()) {
            long total = Math.round(perSecond * duration.toSeconds());
            List<Thread> sends = new ArrayList<>();
            for (int n = 0; n < total; n++) {
                long at = start + n * interval;
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                String service = "e2e-" + p.run() + "-" + n;
                scheduled.put(service, at);
                int alert = n;
                sends.add(Thread.ofVirtual().start(() -> load.send(p.webhook("BenchE2E", service, alert, 1))));
            }
            for (Thread t : sends) {
                t.join();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (done.size() < scheduled.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        polling.set(false);
        poller.interrupt();
        poller.join();
        return latency;
    }

    /** Waits until {@code expected} alerts of the run are stored; returns how long that took from now. */
    public Duration waitForAlerts(String run, long expected, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            if (countAlerts(run) >= expected) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(100);
        }
        return null;
    }

    public long countAlerts(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(tocsin.jdbcUrl());
             var s = c.prepareStatement("SELECT count(*) FROM incident.alert WHERE labels->>'bench_run' = ?")) {
            s.setString(1, run);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long countIncidents(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(tocsin.jdbcUrl());
             var s = c.prepareStatement("SELECT count(DISTINCT incident_id) FROM incident.alert WHERE labels->>'bench_run' = ?")) {
            s.setString(1, run);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Waits until incident-service's consumer group has consumed alerts.v1 to its end (lag read every 50 ms). */
    public void waitForConsumers(Duration timeout) throws Exception {
        waitForConsumers("incident-service", "alerts.v1", timeout);
    }

    /** Waits until a consumer group has consumed a topic to its end (lag read every 50 ms). */
    public void waitForConsumers(String group, String topic, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", tocsin.bootstrap()))) {
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < timeout.toNanos()) {
                if (lag(admin, group, topic) == 0) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(group + " did not catch up on " + topic + " within " + timeout);
        }
    }

    /** Records of a topic that a consumer group has not committed yet. */
    public long lag(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", tocsin.bootstrap()))) {
            return lag(admin, group, topic);
        }
    }

    private static long lag(Admin admin, String group, String topic) throws Exception {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        // A partition the group never committed on counts from 0: nothing consumed yet.
        return ends.entrySet().stream().mapToLong(e -> e.getValue().offset()
                - (committed.get(e.getKey()) == null ? 0 : committed.get(e.getKey()).offset())).sum();
    }

    /**
     * Sets the state of a service's binding through Spring Cloud Stream's actuator endpoint
     * ({@code POST /actuator/bindings/{name}}, ADMIN token): {@code PAUSED} keeps the consumer's partitions and fetches
     * nothing, {@code RESUMED} goes on from the committed offsets.
     *
     * @param port the service's HTTP port
     */
    public void bindingState(int port, String binding, String state) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/actuator/bindings/" + binding))
                        .header("Authorization", "Bearer " + tocsin.apiToken())
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /actuator/bindings/" + binding + " " + state + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * The zero-loss check of a scenario that sent {@code distinct} different alerts of {@code run}: waits up to 10 min
     * for them in {@code incident.alert} and records accepted, stored and lost. When a request failed, which of its
     * alerts were accepted is unknown, so the check says it was skipped rather than guess.
     */
    public void checkNoneLost(ObjectNode r, String run, long failedRequests, long distinct) throws Exception {
        if (failedRequests > 0) {
            r.put("zeroLossCheck", "skipped: " + failedRequests + " requests failed");
            return;
        }
        waitForAlerts(run, distinct, Duration.ofMinutes(10));
        long stored = countAlerts(run);
        r.put("alertsAccepted", distinct);
        r.put("alertsStored", stored);
        r.put("alertsLost", distinct - stored);
        r.put("zeroLossCheck", "every accepted alert (label bench_run) counted in incident.alert");
    }

    public static void putLoad(ObjectNode r, LoadGenerator.Result res) {
        r.put("requests", res.requests());
        r.put("failedRequests", res.failedRequests());
        r.put("acceptedAlerts", res.acceptedAlerts());
        r.put("seconds", round(res.seconds()));
        r.put("acceptedAlertsPerSecond", round(res.acceptedAlertsPerSecond()));
        putHistogram(r.putObject("webhookLatencyMs"), res.latencyMicros());
    }

    /** The three slowest sends of the last {@link #visibleLatency} run, with their sequence number (0 = first sent). */
    public void putSlowest(ObjectNode r) {
        var slowest = r.putArray("slowest");
        measured.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .forEach(e -> slowest.addObject()
                        .put("sequence", Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1)))
                        .put("ms", round(e.getValue() / 1000.0)));
    }

    public static void putHistogram(ObjectNode o, Histogram h) {
        o.put("count", h.getTotalCount());
        o.put("p50", h.getValueAtPercentile(50) / 1000.0);
        o.put("p90", h.getValueAtPercentile(90) / 1000.0);
        o.put("p99", h.getValueAtPercentile(99) / 1000.0);
        o.put("max", h.getMaxValue() / 1000.0);
    }

    public static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
