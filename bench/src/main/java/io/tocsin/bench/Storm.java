package io.tocsin.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * A storm above triage's capacity (issue 17): 100,000 alerts sent as fast as alert-ingest takes them (16 senders), half
 * in Alertmanager groups of 50 (1,000 incidents), half in groups of 3 (16,667 incidents), interleaved; then incidents,
 * alerts lost, how long after the last webhook the backlog was drained, and the standalone's peak memory.
 */
final class Storm implements Scenario {

    private final BenchRun bench;

    Storm(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        bench.waitForConsumers(Duration.ofMinutes(15));
        Payloads p = bench.payloads();
        AtomicLong peakRss = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                peakRss.accumulateAndGet(ProcessStats.rss(bench.tocsin().pid()), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // Webhook n: even n a group of 50 (group n/2), odd n a group of 3 (group n/2), until each half holds 50,000.
        int largeWebhooks = 50_000 / 50;
        int smallWebhooks = (50_000 + 2) / 3;
        int webhooks = largeWebhooks + smallWebhooks;
        long alerts = 50_000L + 50_000L;
        LoadGenerator.Result res;
        long started = System.nanoTime();
        try (LoadGenerator load = bench.ingest()) {
            res = load.maxRate(webhooks, 16, n -> {
                int large = n % 2 == 0 && n / 2 < largeWebhooks ? n / 2 : -1;
                if (large >= 0) {
                    return p.webhook("BenchStorm", "storm-large-" + large, 0, 50);
                }
                int small = n < 2 * largeWebhooks ? n / 2 : n - largeWebhooks;
                int size = small == smallWebhooks - 1 ? 50_000 - 3 * (smallWebhooks - 1) : 3;
                return p.webhook("BenchStorm", "storm-small-" + small, 0, size);
            }, 1);
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        long sentAt = System.nanoTime();
        long accepted = res.failedRequests() == 0 ? alerts : -1;
        r.put("webhooks", webhooks);
        r.put("failedRequests", res.failedRequests());
        r.put("sendSeconds", BenchRun.round(sendSeconds));
        r.put("alertsSentPerSecond", BenchRun.round(alerts / sendSeconds));
        Duration drain = bench.waitForAlerts(p.run(), alerts, Duration.ofMinutes(20));
        double drainSeconds = (System.nanoTime() - sentAt) / 1e9; // from the storm's last webhook to the last alert stored
        sampling.set(false);
        sampler.join();
        long stored = bench.countAlerts(p.run());
        long incidents = bench.countIncidents(p.run());
        r.put("alertsAccepted", accepted);
        r.put("alertsStored", stored);
        r.put("alertsLost", accepted < 0 ? -1 : accepted - stored);
        r.put("incidents", incidents);
        r.put("incidentsExpected", largeWebhooks + smallWebhooks);
        r.put("backlogDrainedSecondsAfterStorm", BenchRun.round(drainSeconds));
        r.put("peakRssBytesDuringStorm", peakRss.get());
        r.put("target", "0 lost; backlog drained <= 30 s after the last webhook; standalone RSS <= 1.5 GiB");
        r.put("met", incidents == largeWebhooks + smallWebhooks && stored == accepted && drainSeconds <= 30
                && peakRss.get() <= 1.5 * 1024 * 1024 * 1024);
        if (accepted < 0) {
            r.put("zeroLossCheckSkipped", "some webhooks failed: which of their alerts were accepted is unknown");
        }
        r.put("zeroLossCheck", "every accepted alert (fingerprint + startsAt, label bench_run) counted in incident.alert");
        if (drain == null) {
            r.put("note", "backlog not drained within the wait");
        }
    }
}
