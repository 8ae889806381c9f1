package io.tocsin.bench;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** 2,000 alerts once, then their 40 webhooks resent 25 times (50,000 deliveries), timed until consumed. */
final class TriageRepeats implements Scenario {

    private final BenchRun bench;

    TriageRepeats(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "triage-repeats";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        Payloads p = bench.payloads();
        try (LoadGenerator load = bench.ingest()) {
            load.maxRate(40, 8, n -> p.webhook("BenchRepeat", "bench-" + n, n * 50, 50), 50);
            bench.waitForAlerts(p.run(), 2000, Duration.ofMinutes(10));
            bench.waitForConsumers(Duration.ofMinutes(10));
            long t0 = System.nanoTime();
            load.maxRate(40 * 25, 16, n -> p.webhook("BenchRepeat", "bench-" + (n % 40), (n % 40) * 50, 50), 50);
            bench.waitForConsumers(Duration.ofMinutes(15));
            double seconds = (System.nanoTime() - t0) / 1e9;
            r.put("deliveries", 50_000);
            r.put("seconds", BenchRun.round(seconds));
            r.put("deduplicatedAlertsPerSecond", BenchRun.round(50_000 / seconds));
            long stored = bench.countAlerts(p.run());
            r.put("alertsStored", stored);
            r.put("alertsLost", 2000 - stored);
            r.put("target", ">= 20,000 deduplicated alerts/s");
            r.put("met", 50_000 / seconds >= 20_000);
        }
    }
}
