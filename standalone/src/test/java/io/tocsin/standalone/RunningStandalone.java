package io.tocsin.standalone;

import io.tocsin.contracts.json.TocsinJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
    final int notifierPort;
    final int remediationPort;
    final int backupPort;
    final int kafkaPort;
    final Duration startup;
    /** Slack's Web API, stubbed at its wire format; the standalone posts to it. */
    static final com.github.tomakehurst.wiremock.WireMockServer slack =
            new com.github.tomakehurst.wiremock.WireMockServer(
                    com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
    static final String SIGNING_SECRET = "standalone-it-signing-secret";
    /** The PagerDuty integration key the standalone accepts (32 letters and digits, as PagerDuty's are). */
    static final String PAGERDUTY_ROUTING_KEY = "R0PDCHECKOUT00000000000000000000";
    /** The service its events belong to. */
    static final String PAGERDUTY_SERVICE = "checkout-pd";
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningStandalone(Path dataDir, int ingestPort, int incidentPort, int notifierPort, int remediationPort,
                              int backupPort, int kafkaPort, Duration startup) {
        this.dataDir = dataDir;
        this.ingestPort = ingestPort;
        this.incidentPort = incidentPort;
        this.notifierPort = notifierPort;
        this.remediationPort = remediationPort;
        this.backupPort = backupPort;
        this.kafkaPort = kafkaPort;
        this.startup = startup;
    }

    static synchronized RunningStandalone get() throws Exception {
        if (instance == null) {
            Path data = Files.createTempDirectory("tocsin-standalone-it",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).resolve("data");
            int ingest = freePort();
            int incident = freePort();
            int notifier = freePort();
            int remediation = freePort();
            int backup = freePort();
            slack.start();
            slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                            com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/api/(chat\\..*|auth\\.test)"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"ok\":true,\"team_id\":\"T0\",\"channel\":\"C0SRE\",\"ts\":\"1700000000.{{randomValue length=6 type='NUMERIC'}}\"}")
                            .withTransformers("response-template")));
            // An OTLP/HTTP trace receiver, stubbed: the services export their spans here.
            slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/otlp/v1/traces"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                            .withHeader("Content-Type", "application/x-protobuf")));
            System.setProperty("TOCSIN_OTLP_TRACING_ENDPOINT", slack.baseUrl() + "/otlp/v1/traces");
            System.setProperty("TOCSIN_SLACK_BOT_TOKEN", "xoxb-standalone-it");
            System.setProperty("TOCSIN_SLACK_SIGNING_SECRET", SIGNING_SECRET);
            System.setProperty("TOCSIN_SLACK_API_URL", slack.baseUrl() + "/api/");
            System.setProperty("TOCSIN_NOTIFIER_PORT", String.valueOf(notifier));
            System.setProperty("TOCSIN_REMEDIATION_PORT", String.valueOf(remediation));
            System.setProperty("TOCSIN_BACKUP_PORT", String.valueOf(backup));
            System.setProperty("tocsin.standalone.data-dir", data.toString());
            int kafka = freePort();
            System.setProperty("tocsin.standalone.kafka-port", String.valueOf(kafka));
            System.setProperty("tocsin.standalone.controller-port", String.valueOf(freePort()));
            System.setProperty("tocsin.standalone.postgres-port", String.valueOf(freePort()));
            // Reconciliation with Alertmanager at test speed: checked every second, resolved after 3 s missing.
            System.setProperty("tocsin.incident.reconcile.interval", "1s");
            System.setProperty("tocsin.incident.reconcile.grace", "3s");
            System.setProperty("tocsin.incident.reconcile.timeout", "2s");
            // A PagerDuty Events API v2 integration: its routing key names the service of its alerts and changes.
            System.setProperty("tocsin.ingest.pagerduty.integrations", PAGERDUTY_ROUTING_KEY + "=" + PAGERDUTY_SERVICE);
            System.setProperty("TOCSIN_INGEST_PORT", String.valueOf(ingest));
            System.setProperty("TOCSIN_INCIDENT_PORT", String.valueOf(incident));
            Instant started = Instant.now();
            TocsinStandalone standalone = new TocsinStandalone(StandaloneSettings.from(System.getenv()));
            standalone.start();
            Runtime.getRuntime().addShutdownHook(new Thread(standalone::stop));
            instance = new RunningStandalone(data, ingest, incident, notifier, remediation, backup, kafka,
                    Duration.between(started, Instant.now()));
        }
        return instance;
    }

    /**
     * The captured Alertmanager payload {@code firing-single.json} for another service: its labels and
     * groupKey say {@code service}, and the fingerprint is left out so alert-ingest computes it from them.
     */
    static String firingSample(String service, String summary) throws IOException {
        try (java.io.InputStream in = RunningStandalone.class.getResourceAsStream("/alertmanager/firing-single.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"service\":\"postgres\"", "\"service\":\"" + service + "\"")
                    .replace("service=\\\"postgres\\\"", "service=\\\"" + service + "\\\"")
                    .replace(",\"fingerprint\":\"4eef62d58a841912\"", "")
                    .replace("\"PG down\"", TocsinJsonQuote.quote(summary));
        }
    }

    /** JSON string quoting for test payloads. */
    private static final class TocsinJsonQuote {
        static String quote(String s) {
            return io.tocsin.contracts.json.TocsinJson.mapper().writeValueAsString(s);
        }
    }

    String ingestToken() throws IOException {
        return Files.readString(dataDir.resolve("ingest-token")).strip();
    }

    String apiToken() throws IOException {
        return Files.readString(dataDir.resolve("api-token")).strip();
    }

    HttpResponse<String> postAlerts(String body) throws Exception {
        return postAlerts(body, Map.of());
    }

    /** A webhook with extra headers, e.g. a W3C {@code traceparent}. */
    HttpResponse<String> postAlerts(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/alerts/alertmanager"))
                .header("Authorization", "Bearer " + ingestToken())
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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

    /** Posts a form to the notifier signed as Slack signs it. */
    HttpResponse<String> slackPost(String path, String form) throws Exception {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = new io.tocsin.notify.slack.inbound.SlackSignatureVerifier(SIGNING_SECRET, Duration.ofMinutes(5),
                java.time.Clock.systemUTC()).sign(timestamp, form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + notifierPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String text(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A free port, never the same twice in this JVM ({@link io.tocsin.embedded.FreePorts}). */
    static int freePort() {
        return io.tocsin.embedded.FreePorts.next();
    }
}
