package io.tocsin.bench;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhooks of 50 alerts as fast as 16 senders can post them, 20 % of them whole-group resends, with incident-service's
 * triage paused meanwhile (actuator bindings endpoint) so that ingest is measured alone, as the raw producer is; triage
 * is resumed after the send and the raw limits are measured once it has drained.
 */
final class IngestMax implements Scenario {

    private static final String TRIAGE = "triageAlert-in-0";

    private final BenchRun bench;

    IngestMax(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "ingest-max";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        Payloads p = bench.payloads();
        int alerts = 50;
        int requests = Integer.getInteger("bench.ingest.requests", 1000);
        try (LoadGenerator load = bench.ingest()) {
            LoadGenerator.Result warmup = load.maxRate(100, 8, n -> p.webhook("BenchWarmup", "warmup-" + n, 0, alerts), alerts);
            long distinct = 100L * alerts + (requests - requests / 5) * (long) alerts;
            bench.waitForAlerts(p.run(), 100L * alerts, Duration.ofMinutes(5)); // the warm-up triaged: an idle system
            LoadGenerator.Result res;
            bench.bindingState(bench.tocsin().incidentPort, TRIAGE, "PAUSED");
            try {
                res = load.maxRate(requests, 16, n -> n % 5 == 4
                        ? p.webhook("BenchIngest", "bench-" + ((n - 1) % 1000), (n - 1) * alerts, alerts)
                        : p.webhook("BenchIngest", "bench-" + (n % 1000), n * alerts, alerts), alerts);
            } finally {
                bench.bindingState(bench.tocsin().incidentPort, TRIAGE, "RESUMED");
            }
            BenchRun.putLoad(r, res);
            r.put("triageDuringSend", "paused");
            bench.waitForAlerts(p.run(), distinct, Duration.ofMinutes(10));
            int recordSize = BenchRun.recordSize(p);
            RawLimits.Producer raw = RawLimits.producer(bench.tocsin().bootstrap(), 300_000, recordSize);
            ObjectNode rp = r.putObject("rawProducer");
            rp.put("tool", "org.apache.kafka.tools.ProducerPerformance, acks=all, idempotent, lz4, linger.ms=5");
            rp.put("records", raw.records());
            rp.put("recordSize", raw.recordSize());
            rp.put("recordsPerSecond", BenchRun.round(raw.recordsPerSecond()));
            rp.put("p99LatencyMs", raw.p99LatencyMs());
            double ratio = res.acceptedAlertsPerSecond() / raw.recordsPerSecond();
            r.put("ratioToRawProducer", BenchRun.round(ratio));
            RawLimits.Upstream am = RawLimits.alertmanagerApi(p, requests, alerts, 16);
            ObjectNode up = r.putObject("alertmanagerApi");
            up.put("version", am.version());
            up.put("alerts", am.alerts());
            up.put("alertsPerSecond", BenchRun.round(am.alertsPerSecond()));
            up.put("p99Ms", am.p99Millis());
            r.put("ratioToAlertmanager", BenchRun.round(res.acceptedAlertsPerSecond() / am.alertsPerSecond()));
            r.put("target", "accepted >= 10,000 alerts/s; ratio to raw producer >= 0.8 (issue 17); ratio to Alertmanager >= 1");
            r.put("met", res.acceptedAlertsPerSecond() >= 10_000 && ratio >= 0.8 && res.acceptedAlertsPerSecond() >= am.alertsPerSecond());
            // Every fifth webhook resends the one before it, as Alertmanager resends a group: distinct alerts only.
            bench.checkNoneLost(r, p.run(), warmup.failedRequests() + res.failedRequests(), distinct);
        }
    }
}
