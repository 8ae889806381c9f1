package io.tocsin.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/** 100,000 alerts in 60 s over 100 groups (webhooks of 50), then: incidents, alerts lost, drain time, memory. */
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
        int[] perGroup = new int[100];
        LoadGenerator.Result res;
        try (LoadGenerator load = bench.ingest()) {
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
        BenchRun.putLoad(r, res);
        Duration drain = bench.waitForAlerts(p.run(), res.acceptedAlerts(), Duration.ofMinutes(20));
        double drainSeconds = (System.nanoTime() - sentAt) / 1e9; // from the storm's last webhook to the last alert stored
        sampling.set(false);
        sampler.join();
        long stored = bench.countAlerts(p.run());
        long incidents = bench.countIncidents(p.run());
        r.put("alertsAccepted", res.acceptedAlerts());
        r.put("alertsStored", stored);
        r.put("alertsLost", res.acceptedAlerts() - stored);
        r.put("incidents", incidents);
        r.put("backlogDrainedSecondsAfterStorm", BenchRun.round(drainSeconds));
        r.put("peakRssBytesDuringStorm", peakRss.get());
        r.put("target", "100 incidents; 0 lost; backlog drained <= 30 s after the storm; standalone RSS <= 1.5 GiB");
        r.put("met", incidents == 100 && stored == res.acceptedAlerts() && drainSeconds <= 30
                && peakRss.get() <= 1.5 * 1024 * 1024 * 1024);
        r.put("zeroLossCheck", "every accepted alert (fingerprint + startsAt, label bench_run) counted in incident.alert");
        if (drain == null) {
            r.put("note", "backlog not drained within the wait");
        }
    }
}
