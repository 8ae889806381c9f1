package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.github.dikhan.pagerduty.client.events.domain.AcknowledgeIncident;
import com.github.dikhan.pagerduty.client.events.domain.ChangeEvent;
import com.github.dikhan.pagerduty.client.events.domain.ChangeEventPayload;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.LinkContext;
import com.github.dikhan.pagerduty.client.events.domain.Payload;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident;
import com.github.dikhan.pagerduty.client.events.domain.Severity;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident;
import io.tocsin.contracts.json.TocsinJson;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PagerDuty Events API v2 into Tocsin (issue 19), driven the way an existing integration drives it: PagerDuty's Java
 * client ({@code com.github.dikhan:pagerduty-client}) with only its base URL changed, and the request bodies of
 * PagerDuty's own documentation. A deploy reported as a change event shows on the incident that opens after it: on its
 * timeline and in the Slack root message.
 */
class PagerDutyEndToEndIT {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static RunningStandalone tocsin;
    private static PagerDutyEventsClient pagerduty;

    @BeforeAll
    static void start() throws Exception {
        tocsin = RunningStandalone.get();
        String base = "http://127.0.0.1:" + tocsin.ingestPort;
        // The client's defaults are https://events.pagerduty.com/v2/enqueue and /v2/change/enqueue: only the base changes.
        pagerduty = PagerDutyEventsClient.create(base + "/v2/enqueue", base + "/v2/change/enqueue");
    }

    @Test
    void aPagerDutyClientTriggersAcknowledgesAndResolvesAnIncidentThatShowsTheDeployBeforeIt() throws Exception {
        EventResult deploy = pagerduty.trackChange(ChangeEvent.ChangeEventBuilder.newBuilder(RunningStandalone.PAGERDUTY_ROUTING_KEY,
                        ChangeEventPayload.Builder.newBuilder().setSummary("Deploy checkout v2.3.1").setSource("argo-cd")
                                .setTimestamp(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(4)).build())
                .setLinks(List.of(new LinkContext("https://ci.example/builds/231", "Build 231"))).build());
        assertThat(deploy.getStatus()).isEqualTo("success");
        assertThat(deploy.getMessage()).isEqualTo("Change event processed");

        EventResult triggered = pagerduty.trigger(TriggerIncident.TriggerIncidentBuilder.newBuilder(
                        RunningStandalone.PAGERDUTY_ROUTING_KEY, Payload.Builder.newBuilder()
                                .setSummary("Checkout p99 latency above 2s").setSource("checkout-web-1")
                                .setSeverity(Severity.CRITICAL).setComponent("checkout-api").setGroup("prod")
                                .setEventClass("latency").setTimestamp(OffsetDateTime.now(ZoneOffset.UTC))
                                .setCustomDetails(new JSONObject(Map.of("p99", "2.4s"))).build())
                .setClient("Sample Monitoring Service").setClientUrl("https://monitoring.example.com/checkout").build());
        assertThat(triggered.getStatus()).isEqualTo("success");
        assertThat(triggered.getMessage()).isEqualTo("Event processed");
        String dedupKey = triggered.getDedupKey();
        assertThat(dedupKey).as("generated, as PagerDuty does when the trigger has none").matches("[0-9a-f]{32}");

        JsonNode incident = await().atMost(Duration.ofSeconds(30))
                .until(() -> incidentTitled("Checkout p99 latency above 2s"), Optional::isPresent).orElseThrow();
        assertThat(incident.get("severity").asString()).as("critical → SEV2").isEqualTo("SEV2");
        assertThat(incident.get("status").asString()).isEqualTo("TRIGGERED");
        String key = incident.get("key").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents/" + key + "/timeline")
                .findValuesAsString("summary").stream().anyMatch(s -> s.contains("Deploy checkout v2.3.1") && s.contains("(argo-cd)")));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPosts().stream()
                .anyMatch(p -> p.contains(key) && p.contains("Recent changes") && p.contains("Deploy checkout v2.3.1")));

        // PagerDuty deduplicates a trigger of an open dedup_key: the same alert, not a second one.
        pagerduty.trigger(TriggerIncident.TriggerIncidentBuilder.newBuilder(RunningStandalone.PAGERDUTY_ROUTING_KEY,
                        Payload.Builder.newBuilder().setSummary("Checkout p99 latency above 2s").setSource("checkout-web-1")
                                .setSeverity(Severity.CRITICAL).setEventClass("latency").build())
                .setDedupKey(dedupKey).build());
        EventResult acknowledged = pagerduty.acknowledge(AcknowledgeIncident.AcknowledgeIncidentBuilder.newBuilder(
                RunningStandalone.PAGERDUTY_ROUTING_KEY, dedupKey).build());
        assertThat(acknowledged.getStatus()).isEqualTo("success");
        assertThat(acknowledged.getDedupKey()).isEqualTo(dedupKey);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACKNOWLEDGED".equals(tocsin.api("/api/v1/incidents/" + key)
                .get("status").asString()));
        JsonNode acked = tocsin.api("/api/v1/incidents/" + key);
        assertThat(acked.get("acknowledgedBy").asString()).isEqualTo("pagerduty:" + RunningStandalone.PAGERDUTY_SERVICE);
        assertThat(acked.get("alerts")).as("the repeated trigger was deduplicated").hasSize(1);

        EventResult resolved = pagerduty.resolve(ResolveIncident.ResolveIncidentBuilder.newBuilder(
                RunningStandalone.PAGERDUTY_ROUTING_KEY, dedupKey).build());
        assertThat(resolved.getStatus()).isEqualTo("success");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(tocsin.api("/api/v1/incidents/" + key)
                .get("status").asString()));
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline").findValuesAsString("type"))
                .contains("change.linked", "incident.acknowledged", "alert.resolved", "incident.resolved");
        assertThat(tocsin.api("/api/v1/incidents/" + key + "/timeline/verification").get("valid").asBoolean()).isTrue();
    }

    @Test
    void pagerDutysDocumentedRequestsAreAnsweredAsPagerDutyAnswersThem() throws Exception {
        String trigger = fixture("trigger.json");
        String ours = trigger.replace("\"routing_key\": \"samplekeyhere\"",
                "\"routing_key\": \"" + RunningStandalone.PAGERDUTY_ROUTING_KEY + "\"");

        HttpResponse<String> accepted = post("/v2/enqueue", ours);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(TocsinJson.mapper().readTree(accepted.body())).isEqualTo(TocsinJson.mapper().readTree(
                "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"samplekeyhere\"}"));
        JsonNode incident = await().atMost(Duration.ofSeconds(30))
                .until(() -> incidentTitled("Example alert on host1.example.com"), Optional::isPresent).orElseThrow();
        assertThat(incident.get("severity").asString()).as("info → SEV4").isEqualTo("SEV4");
        JsonNode labels = incident.get("alerts").get(0).get("labels");
        assertThat(labels.get("service").asString()).isEqualTo(RunningStandalone.PAGERDUTY_SERVICE);
        assertThat(labels.get("component").asString()).isEqualTo("postgres");
        assertThat(labels.get("class").asString()).isEqualTo("deploy");

        HttpResponse<String> change = post("/v2/change/enqueue", fixture("change.json").replace("samplekeyhere",
                RunningStandalone.PAGERDUTY_ROUTING_KEY));
        assertThat(change.statusCode()).isEqualTo(202);
        assertThat(TocsinJson.mapper().readTree(change.body())).isEqualTo(TocsinJson.mapper().readTree(
                "{\"status\":\"success\",\"message\":\"Change event processed\"}"));

        // The documentation's placeholder key is refused with PagerDuty's own body.
        HttpResponse<String> refused = post("/v2/enqueue", trigger);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(TocsinJson.mapper().readTree(refused.body())).isEqualTo(TocsinJson.mapper().readTree("""
                {"status":"invalid event","message":"Event object is invalid",
                 "errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]}"""));
        HttpResponse<String> invalid = post("/api/v1/alerts/pagerduty", ours.replace("\"severity\": \"info\"", "\"severity\": \"fatal\"")
                .replace("\"source\": \"monitoringtool:cloudvendor:central-region-dc-01:852559987\",", ""));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(TocsinJson.mapper().readTree(invalid.body()).get("errors").valueStream().map(JsonNode::asString))
                .containsExactly("'payload.source' is missing",
                        "'payload.severity' must be one of critical, error, warning, info; was 'fatal'");

        // The alias needs no Authorization header either: the routing key is the credential.
        HttpResponse<String> resolve = post("/api/v1/alerts/pagerduty", "{\"routing_key\":\""
                + RunningStandalone.PAGERDUTY_ROUTING_KEY + "\",\"event_action\":\"resolve\",\"dedup_key\":\"samplekeyhere\"}");
        assertThat(resolve.statusCode()).isEqualTo(202);
        String key = incident.get("key").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(tocsin.api("/api/v1/incidents/" + key)
                .get("status").asString()));
    }

    private static Optional<JsonNode> incidentTitled(String title) throws Exception {
        for (JsonNode item : tocsin.api("/api/v1/incidents?service=" + RunningStandalone.PAGERDUTY_SERVICE).get("items")) {
            if (title.equals(item.get("title").asString())) {
                return Optional.of(tocsin.api("/api/v1/incidents/" + item.get("key").asString()));
            }
        }
        return Optional.empty();
    }

    private static List<String> slackPosts() {
        return RunningStandalone.slack.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith("/api/chat."))
                .map(e -> URLDecoder.decode(e.getRequest().getBodyAsString(), StandardCharsets.UTF_8)).toList();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tocsin.ingestPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = PagerDutyEndToEndIT.class.getResourceAsStream("/pagerduty/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
