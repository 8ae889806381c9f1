package io.tocsin.bench;

import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** 2,000 alerts/s as 40 webhooks/s of 50 alerts for 30 s. */
final class IngestLatency implements Scenario {

    private final BenchRun bench;

    IngestLatency(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "ingest-latency";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        Payloads p = bench.payloads();
        try (LoadGenerator load = bench.ingest()) {
            LoadGenerator.Result res = load.fixedRate(40, Duration.ofSeconds(30),
                    n -> p.webhook("BenchLatency", "bench-" + (n % 200), n * 50, 50), 50);
            BenchRun.putLoad(r, res);
            double p99 = res.latencyMicros().getValueAtPercentile(99) / 1000.0;
            r.put("target", "webhook p99 <= 50 ms at 2,000 alerts/s");
            r.put("met", p99 <= 50);
            bench.checkNoneLost(r, p.run(), res.failedRequests(), res.requests() * 50);
        }
    }
}
