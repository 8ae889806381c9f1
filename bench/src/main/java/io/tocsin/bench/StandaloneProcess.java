package io.tocsin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tocsin standalone as its own process, started as users start it ({@code bin/standalone}, which {@code exec}s the
 * JVM, so the process is the JVM), on free ports with a fresh data folder, so its memory and CPU are measured apart from the load generator's. Slack
 * points at the bench's stub.
 */
final class StandaloneProcess implements AutoCloseable {

    final int ingestPort = freePort();
    final int incidentPort = freePort();
    final int remediationPort = freePort();
    final int notifierPort = freePort();
    final int backupPort = freePort();
    final int kafkaPort = freePort();
    final int postgresPort = freePort();
    final Path dataDir;
    final Duration startup;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param launcher {@code bin/standalone}, already prepared ({@code --prepare}: built, extracted, its JVM cache
     *                 recorded), so that the start measured is an ordinary one
     */
    StandaloneProcess(Path launcher, String heap, String slackApiUrl) throws Exception {
        // World-traversable: as root, the embedded PostgreSQL runs as uid 65534 and must reach its data folder.
        dataDir = Files.createTempDirectory("tocsin-bench", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("data");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOCSIN_DATA_DIR", dataDir.toString());
        env.put("TOCSIN_INGEST_PORT", String.valueOf(ingestPort));
        env.put("TOCSIN_INCIDENT_PORT", String.valueOf(incidentPort));
        env.put("TOCSIN_REMEDIATION_PORT", String.valueOf(remediationPort));
        env.put("TOCSIN_NOTIFIER_PORT", String.valueOf(notifierPort));
        env.put("TOCSIN_BACKUP_PORT", String.valueOf(backupPort));
        env.put("TOCSIN_STANDALONE_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("TOCSIN_STANDALONE_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("TOCSIN_STANDALONE_POSTGRES_PORT", String.valueOf(postgresPort));
        env.put("TOCSIN_SLACK_BOT_TOKEN", "xoxb-bench");
        env.put("TOCSIN_SLACK_SIGNING_SECRET", "bench-signing-secret");
        env.put("TOCSIN_SLACK_API_URL", slackApiUrl);
        // -Dbench.standaloneJavaOpts adds JVM options, e.g. a flight recording to profile a scenario.
        env.put("TOCSIN_JAVA_OPTS", ("-Xmx" + heap + " " + System.getProperty("bench.standaloneJavaOpts", "")).strip());
        ProcessBuilder pb = new ProcessBuilder(List.of(launcher.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.getParent().resolve("standalone.log").toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        process = pb.start();
        waitUntilReady(Duration.ofMinutes(3));
        startup = Duration.ofNanos(System.nanoTime() - t0);
    }

    private void waitUntilReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int[] ports = {ingestPort, incidentPort, remediationPort, notifierPort, backupPort};
        for (int port : ports) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("standalone exited; see " + dataDir.getParent().resolve("standalone.log"));
                }
                if (status("http://127.0.0.1:" + port + "/health/ready") == 200) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("standalone not ready after " + timeout);
                }
                Thread.sleep(50);
            }
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    long pid() {
        return process.pid();
    }

    String ingestToken() throws IOException {
        return Files.readString(dataDir.resolve("ingest-token")).strip();
    }

    String apiToken() throws IOException {
        return Files.readString(dataDir.resolve("api-token")).strip();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/tocsin?user=postgres";
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Heap in use (bytes), from the service's own {@code jvm.memory.used{area=heap}}. */
    double heapUsed() {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort
                    + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A free port, never the same twice in this JVM ({@link io.tocsin.embedded.FreePorts}). */
    static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }
}
