package io.tocsin.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Kafka broker in KRaft mode (combined broker and controller) running inside this JVM, from the
 * {@code kafka_2.13} jars: a single-node cluster (standalone, tests), or one node of a cluster whose controller quorum
 * is given ({@link #clusterNode}; {@link KafkaClusterNode} runs one as its own process). Its log directory persists
 * across restarts: the first start formats it, later starts reuse it and keep every topic and offset.
 *
 * <p>Needs {@code org.apache.kafka:kafka_2.13} on the class path (an optional dependency of
 * tocsin-common; standalone and tests declare it).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String quorumVoters;
    private final String clusterId;
    private final int replicationFactor;
    private KafkaRaftServer server;

    /**
     * @param dataDir        log directory; created and formatted when it holds no broker yet
     * @param port           client (PLAINTEXT) port on 127.0.0.1, e.g. 9092
     * @param controllerPort KRaft controller port on 127.0.0.1, e.g. 19093 (9093 is Alertmanager's)
     */
    public EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, 1, port, controllerPort, "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1);
    }

    private EmbeddedKafkaBroker(Path dataDir, int nodeId, int port, int controllerPort, String quorumVoters,
                                String clusterId, int replicationFactor) {
        this.dataDir = dataDir.toAbsolutePath();
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.quorumVoters = quorumVoters;
        this.clusterId = clusterId;
        this.replicationFactor = replicationFactor;
    }

    /**
     * One node of a multi-node cluster on 127.0.0.1: every node is broker and controller, the controller quorum is
     * static. Internal topics and topics created without settings get {@code replicationFactor} replicas and
     * {@code min.insync.replicas} 2 (1 when the factor is 1), so with 3 nodes a producer with {@code acks=all} keeps
     * writing while one node is down; 12 partitions by default.
     *
     * @param dataDir           this node's log directory
     * @param nodeId            1…n, unique in the cluster
     * @param port              client (PLAINTEXT) port
     * @param controllerPort    this node's controller port
     * @param quorumVoters      {@code controller.quorum.voters} of the whole cluster, e.g. {@code 1@127.0.0.1:19093,2@…}
     * @param clusterId         the same base64 UUID on every node ({@link Uuid#randomUuid()}), written when formatting
     * @param replicationFactor at most the number of nodes
     */
    public static EmbeddedKafkaBroker clusterNode(Path dataDir, int nodeId, int port, int controllerPort,
                                                  String quorumVoters, String clusterId, int replicationFactor) {
        return new EmbeddedKafkaBroker(dataDir, nodeId, port, controllerPort, quorumVoters, clusterId, replicationFactor);
    }

    /**
     * Formats the log directory if needed and starts the broker; returns once it serves clients.
     *
     * @throws IllegalStateException when the directory cannot be formatted or a port is taken
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(brokerProperties(), false);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                new Formatter()
                        .setNodeId(nodeId)
                        .setClusterId(clusterId)
                        .setDirectories(List.of(dataDir.toString()))
                        .setMetadataLogDirectory(dataDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .run();
                log.info("kafka.formatted dir={}", dataDir);
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            log.info("kafka.started bootstrap={} dir={}", bootstrapServers(), dataDir);
            return this;
        } catch (Exception e) {
            server = null;
            throw new IllegalStateException("cannot start embedded Kafka on port " + port + " (controller "
                    + controllerPort + ") with data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The log directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for it; the log directory stays, so a later start resumes. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("kafka.stopped dir={}", dataDir);
    }

    private Properties brokerProperties() throws IOException {
        Properties p = new Properties();
        String minInsync = replicationFactor > 1 ? "2" : "1";
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", quorumVoters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", replicationFactor > 1 ? "12" : "3");
        p.put("default.replication.factor", String.valueOf(replicationFactor));
        p.put("min.insync.replicas", minInsync);
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", String.valueOf(replicationFactor));
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", String.valueOf(replicationFactor));
        p.put("transaction.state.log.min.isr", minInsync);
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicationFactor));
        p.put("share.coordinator.state.topic.min.isr", minInsync);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.hours", "168");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }
}
