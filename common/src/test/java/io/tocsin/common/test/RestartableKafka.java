package io.tocsin.common.test;

import io.tocsin.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Kafka broker of a test's own that it can stop and start again on the same port and data directory,
 * to show what a service does while the broker is gone and after it returns. The shared
 * {@link TestKafka} broker is never stopped.
 */
public final class RestartableKafka {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private EmbeddedKafkaBroker broker;

    private RestartableKafka(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on free ports in a temporary directory, started and stopped again at JVM exit. */
    public static RestartableKafka start() {
        try {
            RestartableKafka kafka = new RestartableKafka(Files.createTempDirectory("tocsin-restartable-kafka"),
                    freePort(), freePort());
            kafka.restart();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}; the same before and after a restart. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker; clients see it as gone. */
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the broker again with the topics and offsets it had. */
    public synchronized void restart() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker(dataDir, port, controllerPort).start();
        }
    }

    private static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }
}
