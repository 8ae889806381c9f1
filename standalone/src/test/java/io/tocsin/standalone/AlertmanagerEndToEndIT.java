package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.alerts.Fingerprints;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole path with a real Alertmanager (Debian package {@code prometheus-alertmanager}): alerts fired
 * through Alertmanager's API reach Tocsin as webhooks with bearer auth and become incidents a responder
 * acknowledges and Alertmanager resolves; Alertmanager's repeat notifications change nothing.
 */
@Tag("e2e")
class AlertmanagerEndToEndIT {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Process alertmanager;
    private static int alertmanagerPort;
    private static RunningStandalone tocsin;

    private static Path alertmanagerDir;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        tocsin = RunningStandalone.get();
        alertmanagerPort = RunningStandalone.freePort();
        alertmanagerDir = Files.createTempDirectory("tocsin-e2e-alertmanager");
        Path dir = alertmanagerDir;
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: tocsin
                  group_by: [alertname, service]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 2s
                receivers:
                  - name: tocsin
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/alerts/alertmanager
                        send_resolved: true
                        max_alerts: 0
                        http_config:
                          authorization:
                            type: Bearer
                            credentials_file: %s
                """.formatted(tocsin.ingestPort, tocsin.dataDir.resolve("ingest-token")));
        launchAlertmanager();
    }

    /**
     * Starts Alertmanager on its port with its external URL (which its webhooks carry and reconciliation asks); it
     * keeps silences and its notification log in the storage folder, but alerts only in memory, as in production.
     */
    private static void launchAlertmanager() throws Exception {
        Path dir = alertmanagerDir;
        alertmanager = new ProcessBuilder(findOnPath("prometheus-alertmanager"), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("storage"), "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--web.external-url=" + alertmanagerUrl(), "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(alertmanagerUrl() + "/-/ready").statusCode() == 200);
    }

    private static String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    /** Runs amtool against the Alertmanager, as an operator does, and fails on a non-zero exit. */
    private static void amtool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(findOnPath("amtool"),
                "--alertmanager.url=" + alertmanagerUrl()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("amtool %s: %s", String.join(" ", args), output).isZero();
    }

    @Test
    void alertResolvedWithAnEndBeforeItsStartResolvesItsIncident() throws Exception {
        amtool("alert", "add", "alertname=EndBeforeStart", "service=e2e-replaced", "severity=critical");
        await().atMost(Duration.ofSeconds(60)).until(() -> total("e2e-replaced") == 1);
        String key = incident("e2e-replaced").get("key").asString();

        // Resolved a moment later with an end 5 s ago: Alertmanager replaces the alert (a new startsAt) and
        // sends a resolved notification for an alert Tocsin never saw firing.
        amtool("alert", "add", "alertname=EndBeforeStart", "service=e2e-replaced", "severity=critical",
                "--end=" + Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS));

        await().atMost(Duration.ofSeconds(60)).until(() -> "RESOLVED".equals(incident("e2e-replaced").get("status").asString()));
        JsonNode resolved = incident("e2e-replaced");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        assertThat(resolved.get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
        assertThat(total("e2e-replaced")).isEqualTo(1);
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline/verification").get("valid").asBoolean()).isTrue();
    }

    @Test
    void alertsARestartedAlertmanagerForgotAreResolvedByReconciliationAfterTheGracePeriod() throws Exception {
        amtool("alert", "add", "alertname=Forgotten", "service=e2e-forgotten", "severity=warning");
        await().atMost(Duration.ofSeconds(60)).until(() -> total("e2e-forgotten") == 1);
        String key = incident("e2e-forgotten").get("key").asString();

        // Alertmanager goes away: reconciliation cannot ask it, so nothing changes and the metric says so.
        alertmanager.destroy();
        alertmanager.waitFor();
        double unreachable = reconcileRequests("unreachable");
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).until(() ->
                "TRIGGERED".equals(incident("e2e-forgotten").get("status").asString())
                        && "firing".equals(incident("e2e-forgotten").get("alerts").get(0).get("status").asString()));
        assertThat(reconcileRequests("unreachable")).isGreaterThanOrEqualTo(unreachable + 5);

        // It comes back without the alert (alerts live in memory only) and never sends a resolved notification.
        launchAlertmanager();
        await().atMost(Duration.ofSeconds(60)).until(() -> "RESOLVED".equals(incident("e2e-forgotten").get("status").asString()));
        JsonNode resolved = incident("e2e-forgotten");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("system:reconcile");
        JsonNode timeline = tocsin.api("/api/v1/incidents/" + key + "/timeline");
        JsonNode alertResolved = null;
        for (JsonNode entry : timeline) {
            if ("alert.resolved".equals(entry.get("type").asString())) {
                alertResolved = entry;
            }
        }
        assertThat(alertResolved).isNotNull();
        assertThat(alertResolved.get("actor").asString()).isEqualTo("system:reconcile");
        assertThat(alertResolved.get("details").get("reason").asString()).isEqualTo("gone_from_alertmanager");
        assertThat(alertResolved.get("summary").asString()).contains("no longer has it");
        assertThat(Duration.between(Instant.parse(alertResolved.get("details").get("missingSince").asString()),
                Instant.parse(alertResolved.get("at").asString()))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline/verification").get("valid").asBoolean()).isTrue();
    }

    @Test
    void anInhibitedWarningStaysQuietUntilItsCriticalResolvesThenIsAnnouncedAndItsRunbookAsksForApproval() throws Exception {
        // The seed catalogue's Redis pair: RedisDown (critical) inhibits RedisMemoryHigh (warning) of the service.
        amtool("alert", "add", "alertname=RedisDown", "service=e2e-redis", "severity=critical");
        await().atMost(Duration.ofSeconds(60)).until(() -> total("e2e-redis") == 1);
        String parent = incident("e2e-redis").get("key").asString();
        amtool("alert", "add", "alertname=RedisMemoryHigh", "service=e2e-redis", "severity=warning");
        await().atMost(Duration.ofSeconds(60)).until(() -> total("e2e-redis") == 2);
        JsonNode child = incident("e2e-redis");
        String key = child.get("key").asString();
        assertThat(child.get("parentIncident").asString()).isEqualTo(parent);

        // Inhibited: no Slack message of its own, no runbook, on any path.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).until(() ->
                slackBodies().stream().noneMatch(b -> b.contains("RedisMemoryHigh"))
                        && tocsin.api("/api/v1/incidents/" + key + "/timeline").findValuesAsString("type").stream()
                        .noneMatch(t -> t.startsWith("remediation.")));

        // The critical alert resolves in Alertmanager; the warning still fires, so its incident is released.
        amtool("alert", "add", "alertname=RedisDown", "service=e2e-redis", "severity=critical",
                "--end=" + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "RESOLVED".equals(tocsin.api("/api/v1/incidents/" + parent).get("status").asString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents/" + key + "/timeline")
                .findValuesAsString("type").contains("incident.released"));
        JsonNode released = tocsin.api("/api/v1/incidents/" + key);
        assertThat(released.get("status").asString()).isEqualTo("TRIGGERED");
        assertThat(released.get("parentIncident").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> slackBodies().stream().anyMatch(b -> b.contains("RedisMemoryHigh")));
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents/" + key + "/timeline")
                .findValuesAsString("type").contains("remediation.awaiting_approval"));
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline/verification").get("valid").asBoolean()).isTrue();
    }

    private static java.util.List<String> slackBodies() {
        return RunningStandalone.slack.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList();
    }

    private static double reconcileRequests(String outcome) throws Exception {
        Matcher m = Pattern.compile("(?m)^tocsin_reconcile_requests_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.eE+]+)$")
                .matcher(tocsin.text(tocsin.incidentPort, "/actuator/prometheus"));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @AfterAll
    static void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.destroy();
        }
    }

    @Test
    void alertsThroughRealAlertmanagerBecomeIncidentsThatAcknowledgeAndAutoResolve() throws Exception {
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> diskA = Map.of("alertname", "DiskFull", "service", "e2e-payments", "severity", "warning", "instance", "a");
        Map<String, String> diskB = Map.of("alertname", "DiskFull", "service", "e2e-payments", "severity", "warning", "instance", "b");
        Map<String, String> pg = Map.of("alertname", "PostgresDown", "service", "e2e-postgres", "severity", "critical");
        fire(startsAt, null, diskA, diskB, pg);

        // One incident per Alertmanager group, with the severity of its alerts.
        await().atMost(Duration.ofSeconds(60)).until(() -> total("e2e-payments") == 1 && total("e2e-postgres") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> incident("e2e-payments").get("alerts").size() == 2);
        JsonNode disk = incident("e2e-payments");
        JsonNode postgres = incident("e2e-postgres");
        assertThat(disk.get("severity").asString()).isEqualTo("SEV3");
        assertThat(disk.get("groupKey").asString()).isEqualTo("{}:{alertname=\"DiskFull\", service=\"e2e-payments\"}");
        assertThat(postgres.get("severity").asString()).isEqualTo("SEV2");
        assertThat(postgres.get("alerts")).hasSize(1);
        // Alertmanager's own fingerprints equal ours.
        for (JsonNode alert : disk.get("alerts")) {
            Map<String, String> labels = new HashMap<>();
            alert.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            assertThat(alert.get("fingerprint").asString()).isEqualTo(Fingerprints.of(labels));
        }
        String key = disk.get("key").asString();
        JsonNode opening = tocsin.api("/api/v1/incidents/" + key + "/timeline").get(0);
        assertThat(opening.get("type").asString()).isEqualTo("incident.opened");
        assertThat(opening.get("actor").asString()).isEqualTo("alertmanager");

        // A responder acknowledges.
        var ack = tocsin.apiPost("/api/v1/incidents/" + key + "/acknowledge", "{\"by\":\"alice\"}");
        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode timeline = tocsin.api("/api/v1/incidents/" + key + "/timeline");
        JsonNode acknowledged = timeline.get(timeline.size() - 1);
        assertThat(acknowledged.get("type").asString()).isEqualTo("incident.acknowledged");
        assertThat(acknowledged.get("actor").asString()).isEqualTo("api:alice");
        assertThat(Instant.parse(acknowledged.get("at").asString())).isAfter(startsAt);

        // Alertmanager repeats the group notification (repeat_interval 2s): nothing new is created.
        int entries = timeline.size();
        double accepted = acceptedWebhooks();
        await().atMost(Duration.ofSeconds(30)).until(() -> acceptedWebhooks() >= accepted + 3);
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline")).hasSize(entries);
        assertThat(total("e2e-payments")).isEqualTo(1);
        assertThat(incident("e2e-payments").get("alerts")).hasSize(2);

        // Alertmanager resolves the alerts and sends the resolved notification: the incident resolves itself.
        fire(startsAt, Instant.now(), diskA, diskB);
        await().atMost(Duration.ofSeconds(60)).until(() -> "RESOLVED".equals(incident("e2e-payments").get("status").asString()));
        JsonNode resolved = incident("e2e-payments");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        assertThat(resolved.get("acknowledgedBy").asString()).isEqualTo("api:alice");
        assertThat(incident("e2e-postgres").get("status").asString()).isEqualTo("TRIGGERED");

        // The audit trail holds together.
        for (String k : new String[] {key, postgres.get("key").asString()}) {
            JsonNode verification = tocsin.api("/api/v1/incidents/" + k + "/timeline/verification");
            assertThat(verification.get("valid").asBoolean()).as(k).isTrue();
        }
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline").findValuesAsString("type"))
                .containsSubsequence("incident.opened", "alert.attached", "incident.acknowledged", "alert.resolved",
                        "incident.resolved");
    }

    @SafeVarargs
    private static void fire(Instant startsAt, Instant endsAt, Map<String, String>... alerts) throws Exception {
        ArrayNode body = TocsinJson.mapper().createArrayNode();
        for (Map<String, String> labels : alerts) {
            ObjectNode alert = body.addObject();
            ObjectNode l = alert.putObject("labels");
            labels.forEach(l::put);
            alert.putObject("annotations").put("summary", labels.get("alertname") + " on " + labels.get("service"));
            alert.put("startsAt", startsAt.toString());
            if (endsAt != null) {
                alert.put("endsAt", endsAt.toString());
            }
            alert.put("generatorURL", "http://prometheus.example/graph");
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(alertmanagerUrl() + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static long total(String service) throws Exception {
        return tocsin.api("/api/v1/incidents?service=" + service).get("total").asLong();
    }

    private static JsonNode incident(String service) throws Exception {
        String key = tocsin.api("/api/v1/incidents?service=" + service).get("items").get(0).get("key").asString();
        return tocsin.api("/api/v1/incidents/" + key);
    }

    private static double acceptedWebhooks() throws Exception {
        Matcher m = Pattern.compile("(?m)^tocsin_webhook_requests_total\\{[^}]*outcome=\"accepted\"[^}]*} ([0-9.eE+]+)$")
                .matcher(tocsin.text(tocsin.ingestPort, "/actuator/prometheus"));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install prometheus-alertmanager "
                + "(the e2e profile needs a real Alertmanager)");
    }
}
