package io.tocsin.bench;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** 20,000 new alerts (400 webhooks over 200 groups), timed until every one is persisted with its timeline entry. */
final class TriageNew implements Scenario {

    private final BenchRun bench;

    TriageNew(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "triage-new";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        bench.waitForConsumers(Duration.ofMinutes(15));
        Payloads p = bench.payloads();
        int requests = 400;
        long t0 = System.nanoTime();
        try (LoadGenerator load = bench.ingest()) {
            load.maxRate(requests, 16, n -> p.webhook("BenchTriage", "bench-" + (n % 200), n * 50, 50), 50);
        }
        long expected = requests * 50L;
        if (bench.waitForAlerts(p.run(), expected, Duration.ofMinutes(15)) == null) {
            throw new IllegalStateException("triage-new: not every alert was stored within 15 min");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0); // from the first webhook to the last alert stored
        double perSecond = expected / (took.toNanos() / 1e9);
        r.put("alerts", expected);
        r.put("alertsLost", expected - bench.countAlerts(p.run()));
        r.put("seconds", BenchRun.round(took.toMillis() / 1000.0));
        r.put("alertsPersistedPerSecond", BenchRun.round(perSecond));
        RawLimits.Insert raw = RawLimits.batchedInsert(bench.tocsin().jdbcUrl(), 100_000, 500);
        ObjectNode ri = r.putObject("rawBatchedInsert");
        ri.put("rows", raw.rows());
        ri.put("batchSize", raw.batchSize());
        ri.put("rowsPerSecond", BenchRun.round(raw.rowsPerSecond()));
        double ratio = perSecond / raw.rowsPerSecond();
        r.put("ratioToRawInsert", BenchRun.round(ratio));
        r.put("target", ">= 5,000 alerts/s; ratio to raw batched insert >= 0.2");
        r.put("met", perSecond >= 5000 && ratio >= 0.2);
    }
}
