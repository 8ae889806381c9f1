package io.tocsin.bench.scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bin/bench scale}: the full scale scenario, twice on the same load — one instance of each service, then two
 * with {@code kill -9} of one instance of each service and one broker halfway — and writes both, with the ratio of
 * their figures, to {@code bench/results/scale.json}. System properties {@code bench.scale.alerts} (100000) and
 * {@code bench.scale.services} (100) change the load.
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    /** Entry point (arguments ignored). */
    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("bench.scale.alerts", 100_000);
        int services = Integer.getInteger("bench.scale.services", 100);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode result = json.createObjectNode();
        result.put("scenario", "scale");
        result.putObject("machine").put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.version"));
        boolean passed = true;
        for (int instances : new int[] {1, 2}) {
            Path work = Files.createTempDirectory("tocsin-scale-" + instances + "-");
            ScaleScenario.Settings settings = new ScaleScenario.Settings(instances, alerts, services, instances == 2,
                    Duration.ofSeconds(45), 15);
            System.out.println("== scale, " + instances + " instance(s) of each service; logs in " + work);
            ObjectNode run = new ScaleScenario(settings, work).run();
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(run));
            result.set(instances == 1 ? "oneInstance" : "twoInstancesWithCrash", run);
            passed &= run.path("allPassed").asBoolean();
            if (run.path("allPassed").asBoolean()) {
                Machine.deleteQuietly(work);
            }
        }
        result.put("allPassed", passed);
        Path results = Files.createDirectories(Path.of("bench/results"));
        Files.writeString(results.resolve("scale.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        if (!passed) {
            System.err.println("scale: some checks failed; see bench/results/scale.json");
            System.exit(1);
        }
    }
}
