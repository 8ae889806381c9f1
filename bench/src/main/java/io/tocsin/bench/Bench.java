package io.tocsin.bench;

import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.messages.AlertReceived;
import io.tocsin.common.messages.AlertStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bin/bench [scenario …]}: starts Tocsin standalone as its own process, runs the scenarios of README
 * "Performance" against it together with the machine's raw limits, prints each result and writes it as JSON to
 * {@code bench/results/<scenario>.json}. Scenarios: {@code startup e2e-notifier ingest-max ingest-latency e2e
 * triage-new triage-repeats storm}; none given = all, in that order.
 */
public final class Bench {

    private static final JsonMapper json = JsonMapper.builder().build();
    /**
     * All scenarios, in run order: the Slack one first, while the notifier's per-channel queue (one message per
     * second, Slack's limit) holds nothing but its own messages; latency scenarios after the JIT has warmed up
     * (a cold standalone answers 10× slower in its first minute); the storm last.
     */
    private static final List<String> ALL = List.of("startup", "e2e-notifier", "ingest-max", "ingest-latency", "e2e",
            "triage-new", "triage-repeats", "storm");
    private final StandaloneProcess tocsin;
    private final SlackStub slack;
    private final Path results;
    private final HttpClient http = HttpClient.newHttpClient();

    private Bench(StandaloneProcess tocsin, SlackStub slack, Path results) {
        this.tocsin = tocsin;
        this.slack = slack;
        this.results = results;
    }

    /** Entry point; arguments are scenario names. */
    public static void main(String[] args) throws Exception {
        List<String> scenarios = args.length == 0 ? ALL : List.of(args);
        for (String s : scenarios) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; one of " + ALL);
            }
        }
        Path launcher = Path.of("bin/standalone");
        Path results = Path.of("bench/results");
        Files.createDirectories(results);
        try (SlackStub slack = new SlackStub();
             StandaloneProcess tocsin = new StandaloneProcess(launcher, System.getProperty("bench.heap", "1g"), slack.apiUrl())) {
            System.out.printf("standalone up in %.1f s (pid %d)%n", tocsin.startup.toMillis() / 1000.0, tocsin.pid());
            Bench bench = new Bench(tocsin, slack, results);
            for (String s : scenarios) {
                bench.run(s);
            }
        }
    }

    private void run(String scenario) throws Exception {
        System.out.println("== " + scenario);
        ObjectNode r = json.createObjectNode();
        r.put("scenario", scenario);
        r.put("at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode machine = r.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("standaloneHeap", System.getProperty("bench.heap", "1g"));
        double cpu0 = ProcessStats.cpuSeconds(tocsin.pid());
        switch (scenario) {
            case "startup" -> startup(r);
            case "ingest-max" -> ingestMax(r);
            case "ingest-latency" -> ingestLatency(r);
            case "triage-new" -> triageNew(r);
            case "triage-repeats" -> triageRepeats(r);
            case "e2e" -> endToEnd(r);
            case "e2e-notifier" -> endToEndNotifier(r);
            case "storm" -> storm(r);
            default -> throw new IllegalArgumentException(scenario);
        }
        ObjectNode process = r.putObject("standaloneProcess");
        process.put("rssBytes", ProcessStats.rss(tocsin.pid()));
        process.put("peakRssBytes", ProcessStats.peakRss(tocsin.pid()));
        process.put("heapUsedBytes", tocsin.heapUsed());
        process.put("cpuSeconds", round(ProcessStats.cpuSeconds(tocsin.pid()) - cpu0));
        ObjectNode bench = r.putObject("benchProcess");
        bench.put("rssBytes", ProcessStats.rss(ProcessHandle.current().pid()));
        bench.put("cpuSeconds", round(ProcessStats.cpuSeconds(ProcessHandle.current().pid())));
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(r);
        Files.writeString(results.resolve(scenario + ".json"), text + "\n");
        System.out.println(text);
    }

    // ---- scenarios ----

    private void startup(ObjectNode r) {
        r.put("figure", "standalone ready (all five services' /health/ready)");
        r.put("seconds", round(tocsin.startup.toMillis() / 1000.0));
        r.put("target", "<= 20 s");
        r.put("met", tocsin.startup.toMillis() <= 20_000);
    }

    /** Webhooks of 50 alerts as fast as 16 senders can post them, 20 % of them whole-group resends. */
    private void ingestMax(ObjectNode r) throws Exception {
        Payloads p = payloads();
        int alerts = 50;
        int requests = Integer.getInteger("bench.ingest.requests", 1000);
        try (LoadGenerator load = ingest()) {
            LoadGenerator.Result warmup = load.maxRate(100, 8, n -> p.webhook("BenchWarmup", "warmup-" + n, 0, alerts), alerts);
            LoadGenerator.Result res = load.maxRate(requests, 16, n -> n % 5 == 4
                    ? p.webhook("BenchIngest", "bench-" + ((n - 1) % 1000), (n - 1) * alerts, alerts)
                    : p.webhook("BenchIngest", "bench-" + (n % 1000), n * alerts, alerts), alerts);
            putLoad(r, res);
            int recordSize = recordSize(p);
            RawLimits.Producer raw = RawLimits.producer(tocsin.bootstrap(), 300_000, recordSize);
            ObjectNode rp = r.putObject("rawProducer");
            rp.put("tool", "org.apache.kafka.tools.ProducerPerformance, acks=all, idempotent, lz4, linger.ms=5");
            rp.put("records", raw.records());
            rp.put("recordSize", raw.recordSize());
            rp.put("recordsPerSecond", round(raw.recordsPerSecond()));
            rp.put("p99LatencyMs", raw.p99LatencyMs());
            double ratio = res.acceptedAlertsPerSecond() / raw.recordsPerSecond();
            r.put("ratioToRawProducer", round(ratio));
            RawLimits.Upstream am = RawLimits.alertmanagerApi(p, requests, alerts, 16);
            ObjectNode up = r.putObject("alertmanagerApi");
            up.put("version", am.version());
            up.put("alerts", am.alerts());
            up.put("alertsPerSecond", round(am.alertsPerSecond()));
            up.put("p99Ms", am.p99Millis());
            r.put("ratioToAlertmanager", round(res.acceptedAlertsPerSecond() / am.alertsPerSecond()));
            r.put("target", "accepted >= 10,000 alerts/s; ratio to raw producer >= 0.5; ratio to Alertmanager >= 1");
            r.put("met", res.acceptedAlertsPerSecond() >= 10_000 && ratio >= 0.5 && res.acceptedAlertsPerSecond() >= am.alertsPerSecond());
            // Every fifth webhook resends the one before it, as Alertmanager resends a group: distinct alerts only.
            checkNoneLost(r, p.run(), warmup.failedRequests() + res.failedRequests(),
                    100L * alerts + (requests - requests / 5) * (long) alerts);
        }
    }

    /** 2,000 alerts/s as 40 webhooks/s of 50 alerts for 30 s. */
    private void ingestLatency(ObjectNode r) throws Exception {
        Payloads p = payloads();
        try (LoadGenerator load = ingest()) {
            LoadGenerator.Result res = load.fixedRate(40, Duration.ofSeconds(30),
                    n -> p.webhook("BenchLatency", "bench-" + (n % 200), n * 50, 50), 50);
            putLoad(r, res);
            double p99 = res.latencyMicros().getValueAtPercentile(99) / 1000.0;
            r.put("target", "webhook p99 <= 50 ms at 2,000 alerts/s");
            r.put("met", p99 <= 50);
            checkNoneLost(r, p.run(), res.failedRequests(), res.requests() * 50);
        }
    }

    /** 20,000 new alerts (400 webhooks over 200 groups), timed until every one is persisted with its timeline entry. */
    private void triageNew(ObjectNode r) throws Exception {
        waitForConsumers(Duration.ofMinutes(15));
        Payloads p = payloads();
        int requests = 400;
        long t0 = System.nanoTime();
        try (LoadGenerator load = ingest()) {
            load.maxRate(requests, 16, n -> p.webhook("BenchTriage", "bench-" + (n % 200), n * 50, 50), 50);
        }
        long expected = requests * 50L;
        if (waitForAlerts(p.run(), expected, Duration.ofMinutes(15)) == null) {
            throw new IllegalStateException("triage-new: not every alert was stored within 15 min");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0); // from the first webhook to the last alert stored
        double perSecond = expected / (took.toNanos() / 1e9);
        r.put("alerts", expected);
        r.put("alertsLost", expected - countAlerts(p.run()));
        r.put("seconds", round(took.toMillis() / 1000.0));
        r.put("alertsPersistedPerSecond", round(perSecond));
        RawLimits.Insert raw = RawLimits.batchedInsert(tocsin.jdbcUrl(), 100_000, 500);
        ObjectNode ri = r.putObject("rawBatchedInsert");
        ri.put("rows", raw.rows());
        ri.put("batchSize", raw.batchSize());
        ri.put("rowsPerSecond", round(raw.rowsPerSecond()));
        double ratio = perSecond / raw.rowsPerSecond();
        r.put("ratioToRawInsert", round(ratio));
        r.put("target", ">= 5,000 alerts/s; ratio to raw batched insert >= 0.2");
        r.put("met", perSecond >= 5000 && ratio >= 0.2);
    }

    /** 2,000 alerts once, then their 40 webhooks resent 25 times (50,000 deliveries), timed until consumed. */
    private void triageRepeats(ObjectNode r) throws Exception {
        Payloads p = payloads();
        try (LoadGenerator load = ingest()) {
            load.maxRate(40, 8, n -> p.webhook("BenchRepeat", "bench-" + n, n * 50, 50), 50);
            waitForAlerts(p.run(), 2000, Duration.ofMinutes(10));
            waitForConsumers(Duration.ofMinutes(10));
            long t0 = System.nanoTime();
            load.maxRate(40 * 25, 16, n -> p.webhook("BenchRepeat", "bench-" + (n % 40), (n % 40) * 50, 50), 50);
            waitForConsumers(Duration.ofMinutes(15));
            double seconds = (System.nanoTime() - t0) / 1e9;
            r.put("deliveries", 50_000);
            r.put("seconds", round(seconds));
            r.put("deduplicatedAlertsPerSecond", round(50_000 / seconds));
            long stored = countAlerts(p.run());
            r.put("alertsStored", stored);
            r.put("alertsLost", 2000 - stored);
            r.put("target", ">= 20,000 deduplicated alerts/s");
            r.put("met", 50_000 / seconds >= 20_000);
        }
    }

    /** 100 alerts/s, each a new group, for 30 s: webhook sent → incident listed by the API. */
    private void endToEnd(ObjectNode r) throws Exception {
        waitForConsumers(Duration.ofMinutes(15));
        Payloads p = payloads();
        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Histogram latency = visibleLatency(p, 100, Duration.ofSeconds(30), service -> apiSees(service), scheduled);
        putHistogram(r.putObject("latencyMs"), latency);
        putSlowest(r);
        // Where the time goes: webhook → incident opened (its openedAt, stamped by triage on this machine's clock),
        // and opened → seen by the API poll (commit, the poll's period and the response's time).
        Histogram opened = new Histogram(3);
        Histogram seenAfterOpened = new Histogram(3);
        long wallMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        scheduled.forEach((service, at) -> {
            Instant openedAt = apiOpenedAt.get(service);
            Long seen = apiSeen.get(service);
            if (openedAt != null && seen != null) {
                long openedNano = openedAt.getEpochSecond() * 1_000_000_000L + openedAt.getNano() - wallMinusNano;
                opened.recordValue(Math.max(1, (openedNano - at) / 1000));
                seenAfterOpened.recordValue(Math.max(1, (seen - openedNano) / 1000));
            }
        });
        putHistogram(r.putObject("webhookToOpenedMs"), opened);
        putHistogram(r.putObject("openedToSeenByApiMs"), seenAfterOpened);
        r.put("incidents", latency.getTotalCount());
        r.put("notSeenWithin60s", scheduled.size() - latency.getTotalCount());
        r.put("target", "webhook → incident visible in the API, p99 <= 250 ms at 100 alerts/s");
        r.put("met", latency.getTotalCount() == 3000 && latency.getValueAtPercentile(99) / 1000.0 <= 250);
    }

    /**
     * One new incident every 2 s for 60 s: webhook sent → the Slack stub receives its root message. The notifier
     * paces each channel to one message per second (Slack's documented limit) and an incident also gets thread
     * replies, so a higher rate into one channel would measure the pacing, not Tocsin.
     */
    private void endToEndNotifier(ObjectNode r) throws Exception {
        waitForConsumers(Duration.ofMinutes(15));
        Payloads p = payloads();
        // The very first incident takes the notifier's cold path (first Slack call, code not compiled yet): measured,
        // reported apart, not counted; then a pause, so that the channel's pacing starts clean.
        Histogram first = visibleLatency(payloads(), 1, Duration.ofSeconds(1), slack::rootArrival, new ConcurrentHashMap<>());
        r.put("firstIncidentMs", round(first.getMaxValue() / 1000.0));
        Thread.sleep(2000);
        Histogram latency = visibleLatency(p, 0.5, Duration.ofSeconds(60), slack::rootArrival, new ConcurrentHashMap<>());
        putHistogram(r.putObject("latencyMs"), latency);
        putSlowest(r);
        r.put("rootMessages", latency.getTotalCount());
        r.put("target", "webhook → Slack root message, p99 <= 500 ms");
        r.put("met", latency.getTotalCount() == 30 && latency.getValueAtPercentile(99) / 1000.0 <= 500);
    }

    /** 100,000 alerts in 60 s over 100 groups (webhooks of 50), then: incidents, alerts lost, drain time, memory. */
    private void storm(ObjectNode r) throws Exception {
        waitForConsumers(Duration.ofMinutes(15));
        Payloads p = payloads();
        AtomicLong peakRss = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                peakRss.accumulateAndGet(ProcessStats.rss(tocsin.pid()), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int[] perGroup = new int[100];
        LoadGenerator.Result res;
        try (LoadGenerator load = ingest()) {
            res = load.fixedRate(2000 / 60.0, Duration.ofSeconds(60), n -> {
                int group = n % 100;
                int first;
                synchronized (perGroup) {
                    first = perGroup[group];
                    perGroup[group] += 50;
                }
                return p.webhook("BenchStorm", "storm-" + group, first, 50);
            }, 50);
        }
        long sentAt = System.nanoTime();
        putLoad(r, res);
        Duration drain = waitForAlerts(p.run(), res.acceptedAlerts(), Duration.ofMinutes(20));
        double drainSeconds = (System.nanoTime() - sentAt) / 1e9; // from the storm's last webhook to the last alert stored
        sampling.set(false);
        sampler.join();
        long stored = countAlerts(p.run());
        long incidents = countIncidents(p.run());
        r.put("alertsAccepted", res.acceptedAlerts());
        r.put("alertsStored", stored);
        r.put("alertsLost", res.acceptedAlerts() - stored);
        r.put("incidents", incidents);
        r.put("backlogDrainedSecondsAfterStorm", round(drainSeconds));
        r.put("peakRssBytesDuringStorm", peakRss.get());
        r.put("target", "100 incidents; 0 lost; backlog drained <= 30 s after the storm; standalone RSS <= 1.5 GiB");
        r.put("met", incidents == 100 && stored == res.acceptedAlerts() && drainSeconds <= 30
                && peakRss.get() <= 1.5 * 1024 * 1024 * 1024);
        r.put("zeroLossCheck", "every accepted alert (fingerprint + startsAt, label bench_run) counted in incident.alert");
        if (drain == null) {
            r.put("note", "backlog not drained within the wait");
        }
    }

    // ---- helpers ----

    private Payloads payloads() {
        return new Payloads(UUID.randomUUID().toString().substring(0, 8), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private LoadGenerator ingest() throws Exception {
        return new LoadGenerator(URI.create("http://127.0.0.1:" + tocsin.ingestPort + "/api/v1/alerts/alertmanager"),
                "Bearer " + tocsin.ingestToken(), "application/json");
    }

    /** The size of one alerts.v1 record as alert-ingest writes it (CloudEvents headers aside). */
    private static int recordSize(Payloads p) {
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
    private Histogram visibleLatency(Payloads p, double perSecond, Duration duration,
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

    /** Per send of the last {@link #visibleLatency} run: its latency in µs. */
    private final Map<String, Long> measured = new ConcurrentHashMap<>();
    private final Map<String, Long> apiSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> apiOpenedAt = new ConcurrentHashMap<>();
    private volatile long apiPolledAt;

    /** When the incident API first listed an incident of {@code service} ({@code nanoTime}), polling at most every 10 ms. */
    private Long apiSees(String service) {
        Long seen = apiSeen.get(service);
        if (seen != null) {
            return seen;
        }
        long now = System.nanoTime();
        if (now - apiPolledAt >= 10_000_000L) {
            apiPolledAt = now;
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tocsin.incidentPort
                                + "/api/v1/incidents?size=200")).header("Authorization", "Bearer " + tocsin.apiToken()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                long at = System.nanoTime();
                for (JsonNode item : json.readTree(page.body()).get("items")) {
                    JsonNode s = item.get("service");
                    if (s != null && !s.isNull()) {
                        apiSeen.putIfAbsent(s.asString(), at);
                        apiOpenedAt.putIfAbsent(s.asString(), Instant.parse(item.get("openedAt").asString()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // next poll
            }
        }
        return apiSeen.get(service);
    }

    /** Waits until {@code expected} alerts of the run are stored; returns how long that took from now. */
    private Duration waitForAlerts(String run, long expected, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            if (countAlerts(run) >= expected) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(100);
        }
        return null;
    }

    private long countAlerts(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(tocsin.jdbcUrl());
             var s = c.prepareStatement("SELECT count(*) FROM incident.alert WHERE labels->>'bench_run' = ?")) {
            s.setString(1, run);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long countIncidents(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(tocsin.jdbcUrl());
             var s = c.prepareStatement("SELECT count(DISTINCT incident_id) FROM incident.alert WHERE labels->>'bench_run' = ?")) {
            s.setString(1, run);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Waits until incident-service's consumer group has consumed alerts.v1 to its end. */
    private void waitForConsumers(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", tocsin.bootstrap()))) {
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < timeout.toNanos()) {
                var committed = admin.listConsumerGroupOffsets("incident-service").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                admin.describeTopics(List.of("alerts.v1")).allTopicNames().get().get("alerts.v1").partitions()
                        .forEach(p -> latest.put(new TopicPartition("alerts.v1", p.partition()), OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                // A partition the group never committed on counts from 0: nothing consumed yet.
                long lag = ends.entrySet().stream().mapToLong(e -> e.getValue().offset()
                        - (committed.get(e.getKey()) == null ? 0 : committed.get(e.getKey()).offset())).sum();
                if (lag == 0) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("incident-service did not catch up on alerts.v1 within " + timeout);
        }
    }

    /**
     * The zero-loss check of a scenario that sent {@code distinct} different alerts of {@code run}: waits up to 10 min
     * for them in {@code incident.alert} and records accepted, stored and lost. When a request failed, which of its
     * alerts were accepted is unknown, so the check says it was skipped rather than guess.
     */
    private void checkNoneLost(ObjectNode r, String run, long failedRequests, long distinct) throws Exception {
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

    private static void putLoad(ObjectNode r, LoadGenerator.Result res) {
        r.put("requests", res.requests());
        r.put("failedRequests", res.failedRequests());
        r.put("acceptedAlerts", res.acceptedAlerts());
        r.put("seconds", round(res.seconds()));
        r.put("acceptedAlertsPerSecond", round(res.acceptedAlertsPerSecond()));
        putHistogram(r.putObject("webhookLatencyMs"), res.latencyMicros());
    }

    /** The three slowest sends of the last {@link #visibleLatency} run, with their sequence number (0 = first sent). */
    private void putSlowest(ObjectNode r) {
        var slowest = r.putArray("slowest");
        measured.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .forEach(e -> slowest.addObject()
                        .put("sequence", Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1)))
                        .put("ms", round(e.getValue() / 1000.0)));
    }

    private static void putHistogram(ObjectNode o, Histogram h) {
        o.put("count", h.getTotalCount());
        o.put("p50", h.getValueAtPercentile(50) / 1000.0);
        o.put("p90", h.getValueAtPercentile(90) / 1000.0);
        o.put("p99", h.getValueAtPercentile(99) / 1000.0);
        o.put("max", h.getMaxValue() / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
