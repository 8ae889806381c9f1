package io.tocsin.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bin/bench [scenario …]}: starts Tocsin standalone as its own process, runs the scenarios of README
 * "Performance" against it ({@link Scenario#all()}, one class each) together with the machine's raw limits, prints
 * each result and writes it as JSON to {@code bench/results/<scenario>.json}, with the machine and the CPU and memory
 * the standalone and the bench process used. None given = all, in their order. {@code bin/bench scale} runs the scale
 * scenario instead ({@link io.tocsin.bench.scale.ScaleBench}: a Kafka cluster and every service twice, no standalone).
 */
public final class Bench {

    private static final JsonMapper json = JsonMapper.builder().build();

    private Bench() {
    }

    /** Entry point; arguments are scenario names. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("scale")) {
            // Its own set-up (a Kafka cluster and every service twice), not the standalone.
            io.tocsin.bench.scale.ScaleBench.main(args);
            return;
        }
        List<String> known = Scenario.all().stream().map(make -> make.apply(null).name()).toList();
        for (String name : args) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + "; one of " + known);
            }
        }
        Path launcher = Path.of("bin/standalone");
        Path results = Path.of("bench/results");
        Files.createDirectories(results);
        try (SlackStub slack = new SlackStub();
             StandaloneProcess tocsin = new StandaloneProcess(launcher, System.getProperty("bench.heap", "1g"), slack.apiUrl())) {
            BenchRun run = new BenchRun(tocsin, slack);
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            Scenario.all().forEach(make -> {
                Scenario s = make.apply(run);
                scenarios.put(s.name(), s);
            });
            List<String> chosen = args.length == 0 ? known : List.of(args);
            System.out.printf("standalone up in %.1f s (pid %d)%n", tocsin.startup.toMillis() / 1000.0, tocsin.pid());
            for (String name : chosen) {
                measure(scenarios.get(name), tocsin, results);
            }
        }
    }

    private static void measure(Scenario scenario, StandaloneProcess tocsin, Path results) throws Exception {
        System.out.println("== " + scenario.name());
        ObjectNode r = json.createObjectNode();
        r.put("scenario", scenario.name());
        r.put("at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode machine = r.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("standaloneHeap", System.getProperty("bench.heap", "1g"));
        double cpu0 = ProcessStats.cpuSeconds(tocsin.pid());
        scenario.run(r);
        ObjectNode process = r.putObject("standaloneProcess");
        process.put("rssBytes", ProcessStats.rss(tocsin.pid()));
        process.put("peakRssBytes", ProcessStats.peakRss(tocsin.pid()));
        process.put("heapUsedBytes", tocsin.heapUsed());
        process.put("cpuSeconds", BenchRun.round(ProcessStats.cpuSeconds(tocsin.pid()) - cpu0));
        ObjectNode bench = r.putObject("benchProcess");
        bench.put("rssBytes", ProcessStats.rss(ProcessHandle.current().pid()));
        bench.put("cpuSeconds", BenchRun.round(ProcessStats.cpuSeconds(ProcessHandle.current().pid())));
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(r);
        Files.writeString(results.resolve(scenario.name() + ".json"), text + "\n");
        System.out.println(text);
    }
}
