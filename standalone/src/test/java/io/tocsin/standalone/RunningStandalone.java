package io.tocsin.standalone;

import io.tocsin.common.json.TocsinJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The standalone default, started once per test JVM exactly as {@code bin/standalone} starts it
 * (embedded Kafka, embedded PostgreSQL, generated tokens), on free ports and a temporary data folder,
 * plus the HTTP calls a user makes against it.
 */
final class RunningStandalone {

    private static RunningStandalone instance;

    final Path dataDir;
    final int ingestPort;
    final int incidentPort;
    final Duration startup;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningStandalone(Path dataDir, int ingestPort, int incidentPort, Duration startup) {
        this.dataDir = dataDir;
        this.ingestPort = ingestPort;
        this.incidentPort = incidentPort;
        this.startup = startup;
    }

    static synchronized RunningStandalone get() throws Exception {
        if (instance == null) {
            Path data = Files.createTempDirectory("tocsin-standalone-it",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("data");
            int ingest = freePort();
            int incident = freePort();
            System.setProperty("tocsin.standalone.data-dir", data.toString());
            System.setProperty("tocsin.standalone.kafka-port", String.valueOf(freePort()));
            System.setProperty("tocsin.standalone.controller-port", String.valueOf(freePort()));
            System.setProperty("tocsin.standalone.postgres-port", String.valueOf(freePort()));
            System.setProperty("TOCSIN_INGEST_PORT", String.valueOf(ingest));
            System.setProperty("TOCSIN_INCIDENT_PORT", String.valueOf(incident));
            Instant started = Instant.now();
            TocsinStandalone standalone = new TocsinStandalone(StandaloneSettings.from(System.getenv()));
            standalone.start();
            Runtime.getRuntime().addShutdownHook(new Thread(standalone::stop));
            instance = new RunningStandalone(data, ingest, incident, Duration.between(started, Instant.now()));
        }
        return instance;
    }

    String ingestToken() throws IOException {
        return Files.readString(dataDir.resolve("ingest-token")).strip();
    }

    String apiToken() throws IOException {
        return Files.readString(dataDir.resolve("api-token")).strip();
    }

    HttpResponse<String> postAlerts(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/alerts/alertmanager"))
                .header("Authorization", "Bearer " + ingestToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode api(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + incidentPort + path))
                .header("Authorization", "Bearer " + apiToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return TocsinJson.mapper().readTree(response.body());
    }

    HttpResponse<String> apiPost(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + incidentPort + path))
                .header("Authorization", "Bearer " + apiToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String text(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
