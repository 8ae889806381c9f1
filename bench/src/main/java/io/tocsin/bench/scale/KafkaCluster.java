package io.tocsin.bench.scale;

import io.tocsin.bench.ProcessStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of {@code n} KRaft nodes on 127.0.0.1, each its own JVM ({@code io.tocsin.embedded.KafkaClusterNode},
 * the same Kafka jars Tocsin embeds), every node broker and controller, replication factor {@code min(3, n)} and
 * {@code min.insync.replicas} 2: the cluster a production deployment runs, small enough for one machine, and a node
 * that {@link #kill} ends with SIGKILL as a crash would.
 */
final class KafkaCluster implements AutoCloseable {

    /** One node: its id (1…n), client port and process. */
    record Node(int id, int port, Process process) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, Double> cpuAtKill = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path dir;

    /**
     * Starts the nodes and returns once all of them are in the cluster's metadata.
     *
     * @param dir       data and log folder; node {@code i} writes {@code kafka-i/} and {@code kafka-i.log}
     * @param size      number of nodes, at least 1
     * @param classPath a class path with {@code tocsin-embedded} and {@code kafka_2.13}
     * @throws IllegalStateException when a node exits or the cluster is not formed within {@code timeout}
     */
    KafkaCluster(Path dir, int size, String classPath, Duration timeout) throws IOException, InterruptedException {
        this.dir = dir;
        int[] ports = new int[size];
        int[] controllerPorts = new int[size];
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < size; i++) {
            ports[i] = Machine.freePort();
            controllerPorts[i] = Machine.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        int replicationFactor = Math.min(3, size);
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            ProcessBuilder pb = new ProcessBuilder(Machine.java(), "-Xmx512m", "-XX:+UseSerialGC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath,
                    "io.tocsin.embedded.KafkaClusterNode", dir.resolve("kafka-" + id).toString(), String.valueOf(id),
                    String.valueOf(ports[i]), String.valueOf(controllerPorts[i]), voters.toString(), clusterId,
                    String.valueOf(replicationFactor))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("kafka-" + id + ".log").toFile());
            nodes.add(new Node(id, ports[i], pb.start()));
        }
        awaitMembers(size, timeout);
    }

    /** Every node's client address, for {@code bootstrap.servers}. */
    String bootstrapServers() {
        StringJoiner servers = new StringJoiner(",");
        nodes.forEach(n -> servers.add("127.0.0.1:" + n.port()));
        return servers.toString();
    }

    /** SIGKILL to node {@code id} (1…n); returns once the process is gone. */
    void kill(int id) throws InterruptedException {
        Process p = nodes.get(id - 1).process();
        cpuAtKill.put(id, ProcessStats.cpuSeconds(p.pid()));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** CPU seconds each node used so far (a killed one: up to its kill), by node name ({@code kafka-1}…). */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        for (Node n : nodes) {
            cpu.put("kafka-" + n.id(), n.process().isAlive() ? ProcessStats.cpuSeconds(n.process().pid())
                    : cpuAtKill.getOrDefault(n.id(), -1.0));
        }
        return cpu;
    }

    private void awaitMembers(int size, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                for (Node n : nodes) {
                    if (!n.process().isAlive()) {
                        throw new IllegalStateException("Kafka node " + n.id() + " exited; see " + dir.resolve("kafka-" + n.id() + ".log"));
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == size) {
                        return;
                    }
                } catch (Exception e) {
                    // not formed yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka cluster of " + size + " not formed within " + timeout + "; logs in " + dir);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    /** SIGTERM to every node still running, then waits for them (their data stays in the folder). */
    @Override
    public void close() throws InterruptedException {
        nodes.forEach(n -> n.process().destroy());
        for (Node n : nodes) {
            if (!n.process().waitFor(60, TimeUnit.SECONDS)) {
                n.process().destroyForcibly();
            }
        }
    }
}
