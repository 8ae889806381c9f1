package io.tocsin.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node of a multi-node KRaft cluster on 127.0.0.1 as its own process, so that a test or benchmark can
 * {@code kill -9} one broker of a real cluster (bench module's scale scenario). Stops cleanly on SIGTERM.
 *
 * <pre>java -cp … io.tocsin.embedded.KafkaClusterNode &lt;dataDir&gt; &lt;nodeId&gt; &lt;port&gt; &lt;controllerPort&gt;
 *      &lt;quorumVoters&gt; &lt;clusterId&gt; &lt;replicationFactor&gt;</pre>
 *
 * Arguments as {@link EmbeddedKafkaBroker#clusterNode}; prints {@code kafka.node.ready <nodeId>} on standard output
 * once the node serves clients.
 */
public final class KafkaClusterNode {

    private KafkaClusterNode() {
    }

    /**
     * Entry point.
     *
     * @param args data directory, node id, client port, controller port, quorum voters, cluster id, replication factor
     * @throws IllegalArgumentException when there are not seven arguments or a number does not parse
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: KafkaClusterNode <dataDir> <nodeId> <port> <controllerPort> "
                    + "<quorumVoters> <clusterId> <replicationFactor>; got " + args.length + " arguments");
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.clusterNode(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5], Integer.parseInt(args[6]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        broker.start();
        System.out.println("kafka.node.ready " + args[1]);
        System.out.flush();
        stopped.await();
    }
}
