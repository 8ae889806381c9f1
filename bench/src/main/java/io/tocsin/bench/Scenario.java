package io.tocsin.bench;

import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One benchmark of README "Performance": it loads Tocsin standalone, measures, and writes its figures, its target
 * and whether it was met into the result; a scenario that sends alerts also counts what it lost.
 */
interface Scenario {

    /** The name {@code bin/bench} takes and the result file is named after. */
    String name();

    /** Runs once against the standalone of {@code bench} and fills {@code result}. */
    void run(ObjectNode result) throws Exception;

    /**
     * Every scenario, in run order: the Slack one first, while the notifier's per-channel queue (one message per second,
     * Slack's limit) holds nothing but its own messages; latency scenarios after the JIT has warmed up (a cold
     * standalone answers 10× slower in its first minute); the storm last.
     */
    static List<Function<BenchRun, Scenario>> all() {
        return List.of(Startup::new, EndToEndNotifier::new, IngestMax::new, IngestLatency::new, EndToEnd::new,
                TriageNew::new, TriageBacklog::new, TriageRepeats::new, ConsolePage::new, Storm::new);
    }
}
