package io.tocsin.bench;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * One new incident every 2 s for 60 s: webhook sent → the Slack stub receives its root message. The notifier
 * paces each channel to one message per second (Slack's documented limit) and an incident also gets thread
 * replies, so a higher rate into one channel would measure the pacing, not Tocsin.
 */
final class EndToEndNotifier implements Scenario {

    private final BenchRun bench;

    EndToEndNotifier(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "e2e-notifier";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        bench.waitForConsumers(Duration.ofMinutes(15));
        Payloads p = bench.payloads();
        // The very first incident takes the notifier's cold path (first Slack call, code not compiled yet): measured,
        // reported apart, not counted; then a pause, so that the channel's pacing starts clean.
        Histogram first = bench.visibleLatency(bench.payloads(), 1, Duration.ofSeconds(1), bench.slack()::rootArrival, new ConcurrentHashMap<>());
        r.put("firstIncidentMs", BenchRun.round(first.getMaxValue() / 1000.0));
        Thread.sleep(2000);
        Histogram latency = bench.visibleLatency(p, 0.5, Duration.ofSeconds(60), bench.slack()::rootArrival, new ConcurrentHashMap<>());
        BenchRun.putHistogram(r.putObject("latencyMs"), latency);
        bench.putSlowest(r);
        r.put("rootMessages", latency.getTotalCount());
        r.put("target", "webhook → Slack root message, p99 <= 500 ms");
        r.put("met", latency.getTotalCount() == 30 && latency.getValueAtPercentile(99) / 1000.0 <= 500);
    }
}
