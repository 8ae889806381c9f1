package io.tocsin.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Triage alone, from a pre-filled {@code alerts.v1}: incident-service's {@code triageAlert} binding is paused
 * ({@code POST /actuator/bindings/triageAlert-in-0}), the alerts are sent through alert-ingest until the topic holds
 * them all, then the binding is resumed and the clock runs from that moment to the last alert's {@code attached_at}
 * (stamped by triage in the transaction that stored it; the consumer lag reaching zero is reported beside it). Nothing
 * polls the database inside the timed window: the bench watches the consumer group's lag through the Kafka admin API.
 * The consumers of {@code incidents.events.v1} (the notifier's {@code notifyResponders}, remediation-worker's
 * {@code planRemediation}) are paused meanwhile, so the two cores the standalone shares work for triage alone; after
 * it, they are resumed and the time until both caught up on the events triage wrote is reported too
 * ({@code downstreamSecondsAfterTriage}). Two mixes, each its own fresh groups: 60,000 alerts in groups of 50 (1,200
 * incidents) and 60,000 in groups of 3 (20,000 incidents), the shapes of a storm and of everyday Alertmanager groups.
 */
final class TriageBacklog implements Scenario {

    private static final String BINDING = "triageAlert-in-0";
    private final BenchRun bench;

    TriageBacklog(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "triage-backlog";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        boolean met = true;
        for (int groupSize : new int[] {50, 3}) {
            ObjectNode mix = r.putObject("groupsOf" + groupSize);
            double target = groupSize == 50 ? 10_000 : 5_000;
            double perSecond = drain(mix, groupSize, alerts());
            mix.put("target", ">= " + (int) target + " alerts/s");
            mix.put("met", perSecond >= target && mix.get("alertsLost").asLong() == 0);
            met &= mix.get("met").asBoolean();
            // The database alone writing the same rows, measured right after on the same PostgreSQL.
            RawLimits.TocsinShape raw = RawLimits.tocsinShapeInsert(bench.tocsin().jdbcUrl(), alerts(), 500, groupSize);
            ObjectNode rawNode = mix.putObject("rawTocsinShapeInsert");
            rawNode.put("alerts", raw.alerts());
            rawNode.put("incidents", raw.incidents());
            rawNode.put("alertsPerSecond", BenchRun.round(raw.alertsPerSecond()));
            rawNode.put("batchSize", raw.batchSize());
            rawNode.put("what", "incidents, alerts and timeline entries in copies of Tocsin's tables (same indexes and "
                    + "foreign keys), one transaction per 500 alerts, no triage");
            mix.put("ratioToRawTocsinShape", BenchRun.round(perSecond / raw.alertsPerSecond()));
            RawLimits.Insert bare = RawLimits.batchedInsert(bench.tocsin().jdbcUrl(), alerts(), 500);
            mix.put("rawBareAlertInsertPerSecond", BenchRun.round(bare.rowsPerSecond()));
        }
        r.put("met", met);
    }

    private static int alerts() {
        return 60_000;
    }

    private double drain(ObjectNode r, int groupSize, int alerts) throws Exception {
        bench.waitForConsumers(Duration.ofMinutes(15));
        Payloads p = bench.payloads();
        int webhooks = alerts / groupSize;
        StandaloneProcess tocsin = bench.tocsin();
        bench.bindingState(tocsin.incidentPort, BINDING, "PAUSED");
        bench.bindingState(tocsin.notifierPort, "notifyResponders-in-0", "PAUSED");
        bench.bindingState(tocsin.remediationPort, "planRemediation-in-0", "PAUSED");
        try {
            return measure(r, p, groupSize, webhooks, tocsin);
        } finally {
            // Whatever failed, the scenarios after this one find every consumer running (resuming twice is harmless).
            bench.bindingState(tocsin.incidentPort, BINDING, "RESUMED");
            bench.bindingState(tocsin.notifierPort, "notifyResponders-in-0", "RESUMED");
            bench.bindingState(tocsin.remediationPort, "planRemediation-in-0", "RESUMED");
        }
    }

    private double measure(ObjectNode r, Payloads p, int groupSize, int webhooks, StandaloneProcess tocsin)
            throws Exception {
        LoadGenerator.Result filled;
        try (LoadGenerator load = bench.ingest()) {
            filled = load.maxRate(webhooks, 16, n -> p.webhook("BenchBacklog", "backlog-" + n, n * groupSize, groupSize),
                    groupSize);
        }
        long backlog = bench.lag("incident-service", "alerts.v1");
        Instant resumed = Instant.now();
        long t0 = System.nanoTime();
        bench.bindingState(tocsin.incidentPort, BINDING, "RESUMED");
        bench.waitForConsumers(Duration.ofMinutes(15));
        double lagZeroSeconds = (System.nanoTime() - t0) / 1e9;
        long events = bench.lag("notifier", "incidents.events.v1");
        long t1 = System.nanoTime();
        bench.bindingState(tocsin.notifierPort, "notifyResponders-in-0", "RESUMED");
        bench.bindingState(tocsin.remediationPort, "planRemediation-in-0", "RESUMED");
        bench.waitForConsumers("notifier", "incidents.events.v1", Duration.ofMinutes(15));
        bench.waitForConsumers("remediation-worker", "incidents.events.v1", Duration.ofMinutes(15));
        double downstreamSeconds = (System.nanoTime() - t1) / 1e9;
        long expected = filled.acceptedAlerts();
        long stored = bench.countAlerts(p.run());
        Instant last = lastAttached(p.run());
        double seconds = Duration.between(resumed, last).toNanos() / 1e9;
        double perSecond = stored / seconds;
        r.put("webhooks", webhooks);
        r.put("failedRequests", filled.failedRequests());
        r.put("recordsInBacklog", backlog);
        r.put("alertsAccepted", expected);
        r.put("alertsStored", stored);
        r.put("alertsLost", expected - stored);
        r.put("incidents", bench.countIncidents(p.run()));
        r.put("secondsToLastAttached", BenchRun.round(seconds));
        r.put("secondsToLagZero", BenchRun.round(lagZeroSeconds));
        r.put("alertsTriagedPerSecond", BenchRun.round(perSecond));
        r.put("eventsForDownstream", events);
        r.put("downstreamSecondsAfterTriage", BenchRun.round(downstreamSeconds));
        return perSecond;
    }

    private Instant lastAttached(String run) throws Exception {
        try (Connection c = DriverManager.getConnection(bench.tocsin().jdbcUrl());
             var s = c.prepareStatement("SELECT max(attached_at) FROM incident.alert WHERE labels->>'bench_run' = ?")) {
            s.setString(1, run);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }
}
