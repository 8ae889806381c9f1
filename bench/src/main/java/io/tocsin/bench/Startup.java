package io.tocsin.bench;

import tools.jackson.databind.node.ObjectNode;

/** The {@code startup} scenario. */
final class Startup implements Scenario {

    private final BenchRun bench;

    Startup(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        r.put("figure", "standalone ready (all five services' /health/ready)");
        r.put("seconds", BenchRun.round(bench.tocsin().startup.toMillis() / 1000.0));
        r.put("target", "<= 20 s");
        r.put("met", bench.tocsin().startup.toMillis() <= 20_000);
    }
}
