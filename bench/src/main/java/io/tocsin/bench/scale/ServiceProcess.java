package io.tocsin.bench.scale;

import io.tocsin.bench.ProcessStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of one Tocsin service, run from the service's own jar ({@code <module>/target/*-exec.jar}, what the
 * Dockerfile copies into its image) as its own JVM, with the environment Compose gives it plus this instance's port
 * and name. {@link #kill()} is {@code kill -9}.
 */
final class ServiceProcess {

    /** The variable each service takes its HTTP port from (its {@code server.port}). */
    private static final Map<String, String> PORT_VARIABLE = Map.of("alert-ingest", "TOCSIN_INGEST_PORT",
            "incident-service", "TOCSIN_INCIDENT_PORT", "notifier", "TOCSIN_NOTIFIER_PORT",
            "remediation-worker", "TOCSIN_REMEDIATION_PORT", "backup-verifier", "TOCSIN_BACKUP_PORT");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String service;
    final int instance;
    final int port;
    private final Path log;
    private final Process process;
    private double cpuAtKill = -1;

    /**
     * Starts the instance; {@link #awaitReady} waits for it.
     *
     * @param repository  the repository's root, where {@code <service>/target/*-exec.jar} is
     * @param instance    1, 2, …: named {@code <service>-<instance>} ({@code TOCSIN_INSTANCE_ID})
     * @param environment from {@link ComposeEnvironment#of}
     * @param jvmOptions  e.g. the heap of {@link ComposeEnvironment#heapOption}
     * @param logs        folder for {@code <service>-<instance>.log}
     * @throws IllegalStateException when the jar has not been built
     */
    ServiceProcess(Path repository, String service, int instance, Map<String, String> environment, List<String> jvmOptions,
                   Path logs) throws IOException {
        this.service = service;
        this.instance = instance;
        this.port = Machine.freePort();
        this.log = logs.resolve(name() + ".log");
        Path jar = jar(repository, service);
        List<String> command = new ArrayList<>(List.of(Machine.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        pb.environment().put(PORT_VARIABLE.get(service), String.valueOf(port));
        pb.environment().put("TOCSIN_INSTANCE_ID", name());
        process = pb.start();
    }

    /** {@code <service>-<instance>}, e.g. {@code notifier-2}. */
    String name() {
        return service + "-" + instance;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Waits until {@code /health/ready} answers 200.
     *
     * @throws IllegalStateException when the process exits or {@code deadlineNanos} ({@link System#nanoTime()}) passes
     */
    void awaitReady(long deadlineNanos) throws InterruptedException {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(name() + " not ready in time; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** SIGKILL, as a crash or the OOM killer ends it; returns once it is gone. */
    void kill() throws InterruptedException {
        cpuAtKill = ProcessStats.cpuSeconds(process.pid());
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU seconds used so far (for a killed instance: up to its kill). */
    double cpuSeconds() {
        return process.isAlive() ? ProcessStats.cpuSeconds(process.pid()) : cpuAtKill;
    }

    /** Resident memory now in bytes, or -1 once it is gone. */
    long rss() {
        return process.isAlive() ? ProcessStats.rss(process.pid()) : -1;
    }

    /** SIGTERM, then waits up to 30 s for a clean shutdown, then SIGKILL. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Path jar(Path repository, String service) throws IOException {
        Path target = repository.resolve(service).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + target + "/*-exec.jar: build it first (mvn package)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no " + target + ": build " + service + " first (mvn package)", e);
        }
    }
}
