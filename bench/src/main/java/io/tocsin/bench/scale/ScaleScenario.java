package io.tocsin.bench.scale;

import io.tocsin.bench.ProcessStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tocsin scaled out as issue 17 asks, on one machine: a 3-node KRaft cluster (replication factor 3,
 * {@code min.insync.replicas} 2), one PostgreSQL, and {@code instances} instances of every service, each from its own
 * jar with the environment docker-compose.yml gives it ({@link ComposeEnvironment}). Tocsin groups incidents by
 * {@code service} while the webhooks come in Alertmanager groups of {@code alertname, service} ({@link ScaleLoad}).
 * Halfway through the load, when {@code crash} is set, one instance of each service and one broker get {@code kill -9}.
 * Then {@link ScaleChecks} asserts: no alert lost, one incident per grouping key, every chain verifies, each due
 * escalation recorded and announced once, one Slack root per incident in channel order, one backup verification per
 * tick. Reported beside the checks: throughput, drain time, and CPU seconds per alert of every process.
 *
 * <p>Overrides beyond Compose's environment, each because one machine is not a Compose network: the HTTP port and
 * {@code TOCSIN_INSTANCE_ID} per instance, {@code TOCSIN_KAFKA_REPLICATION_FACTOR=3} (Compose runs one broker), the
 * Slack API at the stub, a backup verification every {@code backupEverySeconds} instead of nightly, a SEV3 acknowledge
 * target of {@code ackTarget} so escalations fall due during the run, and 20 ms between Slack sends per channel (the stub
 * has no rate limit).
 */
public final class ScaleScenario {

    /**
     * One run's shape.
     *
     * @param instances          instances of each service (1 or 2)
     * @param alerts             alerts to send
     * @param services           distinct {@code service} values = grouping keys = incidents
     * @param crash              kill -9 instance 2 of every service and broker 2 halfway (needs 2 instances)
     * @param ackTarget          the SEV3 acknowledge target: escalations fall due this long after opening
     * @param backupEverySeconds the backup-verification schedule's period (a divisor of 60)
     */
    public record Settings(int instances, int alerts, int services, boolean crash, Duration ackTarget, int backupEverySeconds) {
    }

    private static final String INGEST_TOKEN = "scale-ingest-token";
    private static final String ADMIN_TOKEN = "scale-admin-token";
    private static final JsonMapper json = JsonMapper.builder().build();

    private final Settings settings;
    private final Path work;

    /**
     * @param work a fresh folder for the brokers' data, every process's log and the backups
     */
    public ScaleScenario(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    /**
     * Runs the scenario and returns its result: {@code settings}, {@code checks} (each with {@code passed}),
     * {@code allPassed}, {@code figures} and {@code processes}. Every process it started is stopped before it returns.
     */
    public ObjectNode run() throws Exception {
        ObjectNode result = json.createObjectNode();
        result.put("at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        result.set("settings", json.valueToTree(settings));
        ObjectNode checks = result.putObject("checks");
        ObjectNode figures = result.putObject("figures");
        Path repository = Machine.repository();
        Path backups = Files.createDirectories(work.resolve("backups"));
        ScaleDatabase.prepare(backups);
        List<ServiceProcess> instances = new ArrayList<>();
        long t0 = System.nanoTime();
        try (SlackRecorder slack = new SlackRecorder();
             KafkaCluster kafka = new KafkaCluster(work, 3, classPath(repository), Duration.ofMinutes(3))) {
            figures.put("kafkaClusterUpSeconds", seconds(System.nanoTime() - t0));
            ComposeEnvironment compose = ComposeEnvironment.resolve(repository, dotEnv(), work)
                    .onThisMachine(kafka.bootstrapServers(), backups);
            result.set("composeRewrites", json.valueToTree(compose.rewritten()));
            for (String service : ComposeEnvironment.SERVICES) {
                for (int i = 1; i <= settings.instances(); i++) {
                    Map<String, String> env = compose.of(service);
                    env.putAll(overrides(slack));
                    instances.add(new ServiceProcess(repository, service, i, env, jvmOptions(compose, service), work));
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            for (ServiceProcess p : instances) {
                p.awaitReady(deadline);
            }
            figures.put("allInstancesReadySeconds", seconds(System.nanoTime() - t0));
            Map<String, Double> cpuBefore = cpu(instances, kafka);
            double postgresBefore = postgresCpu();

            List<ServiceProcess> ingest = instances.stream().filter(p -> p.service.equals("alert-ingest")).toList();
            ScaleLoad load = new ScaleLoad(settings.alerts(), settings.services(), INGEST_TOKEN);
            Instant[] crashedAt = new Instant[1];
            ScaleLoad.Sent sent = load.send(ingest.stream().map(ServiceProcess::baseUrl).toList(), i -> ingest.get(i).alive(), 8,
                    () -> crash(instances, kafka, crashedAt));
            load.close();
            figures.put("alertsSent", load.alerts());
            figures.put("alertsAccepted", sent.alerts());
            figures.put("webhooks", sent.webhooks());
            figures.put("webhooksFailed", sent.failedWebhooks());
            figures.put("webhookRetries", sent.retries());
            figures.put("ingestSeconds", round(sent.seconds()));
            figures.put("ingestAlertsPerSecond", Math.round(sent.alerts() / sent.seconds()));
            if (crashedAt[0] != null) {
                figures.put("crashAt", crashedAt[0].toString());
            }
            ServiceProcess incidentApi = instances.stream().filter(p -> p.service.equals("incident-service") && p.alive())
                    .findFirst().orElseThrow();
            ScaleChecks check = new ScaleChecks(checks, incidentApi.baseUrl(), ADMIN_TOKEN);
            check.webhooksDelivered(sent);
            Duration drain = check.alertsStored(sent.alerts(), Duration.ofMinutes(10));
            figures.put("drainAfterLastWebhookSeconds", round(drain.toNanos() / 1e9));
            double endToEnd = sent.seconds() + drain.toNanos() / 1e9;
            figures.put("alertsPerSecondFirstWebhookToLastStored", Math.round(sent.alerts() / endToEnd));
            result.set("processes", cpuPerAlert(cpuBefore, cpu(instances, kafka), postgresCpu() - postgresBefore, sent.alerts()));
            check.oneIncidentPerGroupingKey(settings.services());
            check.chainsVerify();
            check.escalationsOnce(slack, settings.ackTarget().multipliedBy(3).plusMinutes(2));
            check.slackOrder(slack, Duration.ofMinutes(3), work);
            check.oneVerificationPerTick(settings.backupEverySeconds(), Duration.ofSeconds(settings.backupEverySeconds() * 4L + 60));
            figures.put("slackRequests", slack.requests());
            result.put("allPassed", check.allPassed());
            result.set("failed", json.valueToTree(check.failed()));
        } finally {
            for (ServiceProcess p : instances) {
                p.stop();
            }
        }
        return result;
    }

    private void crash(List<ServiceProcess> instances, KafkaCluster kafka, Instant[] crashedAt) {
        if (!settings.crash() || settings.instances() < 2) {
            return;
        }
        try {
            crashedAt[0] = Instant.now();
            for (ServiceProcess p : instances) {
                if (p.instance == 2) {
                    p.kill();
                }
            }
            kafka.kill(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The deployment's {@code .env}: this machine's PostgreSQL (trust auth), tokens, grouping by service. */
    private static Map<String, String> dotEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_DB", ScaleDatabase.DATABASE);
        env.put("POSTGRES_USER", "postgres");
        env.put("POSTGRES_PASSWORD", "unused-with-trust-auth");
        env.put("TOCSIN_INGEST_TOKEN", INGEST_TOKEN);
        env.put("TOCSIN_API_TOKENS", "scale:" + ADMIN_TOKEN + "=ADMIN");
        env.put("GRAFANA_ADMIN_PASSWORD", "unused");
        env.put("GRAFANA_DB_PASSWORD", "unused");
        env.put("TOCSIN_INCIDENT_GROUP_BY", "service");
        env.put("TOCSIN_SLACK_BOT_TOKEN", "xoxb-scale");
        env.put("TOCSIN_SLACK_SIGNING_SECRET", "scale-signing-secret");
        env.put("TOCSIN_BACKUP_SOURCE_URL", ScaleDatabase.shopUrl());
        env.put("TOCSIN_BACKUP_SOURCE_USERNAME", "postgres");
        env.put("TOCSIN_BACKUP_SOURCE_PASSWORD", "unused-with-trust-auth");
        return env;
    }

    private Map<String, String> overrides(SlackRecorder slack) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOCSIN_KAFKA_REPLICATION_FACTOR", "3");
        env.put("TOCSIN_SLACK_API_URL", slack.apiUrl());
        env.put("TOCSIN_BACKUP_SCHEDULE", "*/" + settings.backupEverySeconds() + " * * * * *");
        return env;
    }

    private List<String> jvmOptions(ComposeEnvironment compose, String service) {
        // The image's JAVA_TOOL_OPTIONS (deploy/Dockerfile) with the heap its Compose memory limit gives.
        return List.of(compose.heapOption(service), "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-Dtocsin.incident.targets.SEV3.acknowledge=" + settings.ackTarget().toSeconds() + "s",
                "-Dtocsin.slack.channel-interval=20ms");
    }

    private static String classPath(Path repository) throws java.io.IOException {
        Path bench = repository.resolve("bench");
        return bench.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(bench.resolve("target/classpath.txt")).strip();
    }

    private static Map<String, Double> cpu(List<ServiceProcess> instances, KafkaCluster kafka) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        instances.forEach(p -> cpu.put(p.name(), p.cpuSeconds()));
        cpu.putAll(kafka.cpuSeconds());
        return cpu;
    }

    /**
     * CPU seconds of this machine's PostgreSQL: every live {@code postgres} process (server, backends, background
     * workers), plus what the server's exited children used ({@code cutime + cstime} of the postmaster), so a backend
     * that ended between two readings is still counted.
     */
    private static double postgresCpu() {
        double live = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToDouble(p -> Math.max(0, ProcessStats.cpuSeconds(p.pid()))).sum();
        double exited = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.parent().map(parent -> !parent.info().command().map(c -> c.endsWith("/postgres")).orElse(false)).orElse(true))
                .mapToDouble(p -> ProcessStats.exitedChildrenCpuSeconds(p.pid())).sum();
        return live + exited;
    }

    private static ObjectNode cpuPerAlert(Map<String, Double> before, Map<String, Double> after, double postgres, long alerts) {
        ObjectNode processes = json.createObjectNode();
        Map<String, Double> perService = new LinkedHashMap<>();
        after.forEach((name, end) -> {
            double used = end < 0 || before.getOrDefault(name, -1.0) < 0 ? 0 : end - before.get(name);
            ObjectNode p = processes.putObject(name);
            p.put("cpuSeconds", round(used));
            p.put("cpuMillisPerAlert", round(used * 1000 / Math.max(1, alerts)));
            perService.merge(name.replaceAll("-\\d+$", ""), used, Double::sum);
        });
        perService.put("postgresql", postgres);
        ObjectNode services = processes.putObject("perService");
        perService.forEach((name, used) -> services.putObject(name).put("cpuSeconds", round(used))
                .put("cpuMillisPerAlert", round(used * 1000 / Math.max(1, alerts))));
        processes.put("totalCpuMillisPerAlert", round(perService.values().stream().mapToDouble(Double::doubleValue).sum() * 1000
                / Math.max(1, alerts)));
        return processes;
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
