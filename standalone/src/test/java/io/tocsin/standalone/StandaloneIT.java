package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A newcomer's path: start the default, post the sample payload as the README shows, read the incident. */
class StandaloneIT {

    @Test
    void servesWebhookAndIncidentApiWithinAMinuteOnEmbeddedInfrastructure() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        assertThat(tocsin.startup).isLessThan(Duration.ofMinutes(1));
        assertThat(tocsin.status(tocsin.ingestPort, "/health/ready")).isEqualTo(200);
        assertThat(tocsin.status(tocsin.incidentPort, "/health/ready")).isEqualTo(200);
        assertThat(Files.getPosixFilePermissions(tocsin.dataDir.resolve("api-token")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

        String sample = RunningStandalone.firingSample("standalone-it", "PG down");
        var response = tocsin.postAlerts(sample);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"accepted\":1}");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                tocsin.api("/api/v1/incidents?service=standalone-it").get("total").asLong() == 1);
        JsonNode incident = tocsin.api("/api/v1/incidents?service=standalone-it").get("items").get(0);
        assertThat(incident.get("title").asString()).isEqualTo("PG down");
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
    }

    /** The banner's console: its sign-in page and the page a one-time link opens (each service picks its auto-configurations). */
    @Test
    void theWebConsoleAnswersOnTheIncidentPort() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        assertThat(tocsin.status(tocsin.incidentPort, "/console/login")).isEqualTo(200);
        assertThat(tocsin.text(tocsin.incidentPort, "/console/login")).contains("Sign in to Tocsin", "Print a new sign-in link");
        assertThat(tocsin.text(tocsin.incidentPort, "/console/login/ott?token=00000000-0000-0000-0000-000000000000"))
                .contains("One-time token", "name=\"_csrf\"");
    }

    @Test
    void everyServicesApiTakesTheSameTokenAndRecordsItsName() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String token = tocsin.apiToken();
        for (int port : new int[] {tocsin.incidentPort, tocsin.remediationPort, tocsin.backupPort}) {
            String path = port == tocsin.incidentPort ? "/api/v1/incidents" : port == tocsin.remediationPort
                    ? "/api/v1/executions?incident=INC-1" : "/api/v1/verifications";
            var anonymous = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).as(path).contains("\"error\":\"unauthorized\"");
            var authorised = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(authorised.statusCode()).as(path).isEqualTo(200);
        }
        var started = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + tocsin.backupPort
                        + "/api/v1/verifications?by=mallory")).header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = io.tocsin.contracts.json.TocsinJson.mapper().readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + tocsin.backupPort
                    + "/api/v1/verifications?size=20")).header("Authorization", "Bearer " + token).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (JsonNode item : io.tocsin.contracts.json.TocsinJson.mapper().readTree(page.body()).get("items")) {
                if (item.get("id").asString().equals(id)) {
                    assertThat(item.get("trigger").asString()).isEqualTo("api:token-1");
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void slackAcknowledgementReachesTheIncidentTimelineAndTheThread() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        String sample = RunningStandalone.firingSample("standalone-slack", "PG down");
        assertThat(tocsin.postAlerts(sample).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                tocsin.api("/api/v1/incidents?service=standalone-slack").get("total").asLong() == 1);
        JsonNode incident = tocsin.api("/api/v1/incidents?service=standalone-slack").get("items").get(0);
        String id = incident.get("id").asString();
        String key = incident.get("key").asString();

        // The root message reaches Slack with the Acknowledge button.
        await().atMost(Duration.ofSeconds(30)).until(() -> slackBodies().stream()
                .anyMatch(b -> b.contains(key) && b.contains("incident_acknowledge")));

        // A responder clicks Acknowledge in Slack.
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U123ABC\"},\"actions\":"
                + "[{\"action_id\":\"incident_acknowledge\",\"value\":\"" + id + "\"}]}";
        var click = tocsin.slackPost("/slack/interactions", "payload=" + java.net.URLEncoder.encode(payload, StandardCharsets.UTF_8));
        assertThat(click.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "ACKNOWLEDGED".equals(tocsin.api("/api/v1/incidents/" + key).get("status").asString()));
        JsonNode timeline = tocsin.api("/api/v1/incidents/" + key + "/timeline");
        JsonNode ack = timeline.get(timeline.size() - 1);
        assertThat(ack.get("type").asString()).isEqualTo("incident.acknowledged");
        assertThat(ack.get("actor").asString()).isEqualTo("slack:U123ABC");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackBodies().stream()
                .anyMatch(b -> b.contains("thread_ts=") && b.contains(java.net.URLEncoder.encode("<@U123ABC>", StandardCharsets.UTF_8))));

        // Customers see it on the status page (SEV2 is public by default).
        String status = tocsin.text(tocsin.notifierPort, "/status");
        assertThat(status).contains("Partial outage", "standalone-slack");
    }

    private static java.util.List<String> slackBodies() {
        return RunningStandalone.slack.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList();
    }

    @Test
    void defaultCatalogueRemediatesInDryRunAndTheTimelineShowsEachStep() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        String sample = RunningStandalone.firingSample("standalone-api", "API p99 latency is 4s")
                .replace("\"alertname\":\"Test\"", "\"alertname\":\"ApiLatencyP99Critical\"")
                .replace("alertname=\\\"Test\\\"", "alertname=\\\"ApiLatencyP99Critical\\\"");
        assertThat(tocsin.postAlerts(sample).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                tocsin.api("/api/v1/incidents?service=standalone-api").get("total").asLong() == 1);
        String key = tocsin.api("/api/v1/incidents?service=standalone-api").get("items").get(0).get("key").asString();

        // Succeeded in dry run, or skipped when no query on the target database runs longer than 30 s.
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents/" + key + "/timeline")
                .findValuesAsString("type").stream().anyMatch(t -> t.equals("remediation.succeeded") || t.equals("remediation.skipped")));
        JsonNode timeline = tocsin.api("/api/v1/incidents/" + key + "/timeline");
        assertThat(timeline.findValuesAsString("type")).containsSubsequence("incident.opened", "remediation.started");
        JsonNode done = null;
        for (JsonNode e : timeline) {
            if (e.get("type").asString().matches("remediation\\.(succeeded|skipped)")) {
                done = e;
            }
        }
        assertThat(done.get("actor").asString()).isEqualTo("remediation");
        String summary = done.get("summary").asString();
        assertThat(summary).contains("postgres.terminate-long-running-queries (runbook api-latency-slow-queries, step 1)");
        if (done.get("type").asString().equals("remediation.succeeded")) {
            assertThat(summary).endsWith("dry run, nothing touched");
        } else {
            assertThat(summary).contains("nothing to do");
        }
    }
}
