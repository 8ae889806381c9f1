package io.tocsin.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.notify.outbound.WebhookSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Outbound paging (issue 18) at the destinations' documented wire formats, stubbed with WireMock: PagerDuty Events API
 * v2 gets {@code trigger}, {@code acknowledge} and {@code resolve} for one {@code dedup_key}, in order; the team's
 * webhook gets each incident event and page, signed like Slack signs (a receiver's check passes), with the paged
 * person's phone from the on-call configuration, retried after a 503 and delivered once.
 */
class OutboundIT extends NotifierIT {

    @Test
    void pagerDutyGetsTriggerAcknowledgeResolveForOneDedupKeyInOrder() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-183", "TRIGGERED", "SEV1", 1, 1), "outbound", 1));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-183", "ACKNOWLEDGED", "SEV1", 1, 1), "slack:U0ALICE01"));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-183", "RESOLVED", "SEV1", 1, 0), "alertmanager"));

        await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyEvents(id).size() == 3);
        List<JsonNode> events = pagerDutyEvents(id);
        assertThat(events).extracting(e -> e.get("event_action").asString()).containsExactly("trigger", "acknowledge", "resolve");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("dedup_key").asString()).isEqualTo("tocsin-" + id);
            assertThat(e.get("routing_key").asString()).isEqualTo("R0PAYMENTS0000000000000000000000");
        });
        JsonNode trigger = events.getFirst().get("payload");
        assertThat(trigger.get("summary").asString()).isEqualTo("[SEV1] INC-183 Checkout errors <!channel>");
        assertThat(trigger.get("severity").asString()).isEqualTo("critical");
        assertThat(trigger.get("source").asString()).isEqualTo("payments");
        assertThat(trigger.get("class").asString()).isEqualTo("CheckoutErrors");
    }

    @Test
    void anIncidentResolvedUnderAMaintenanceWindowIsStillResolvedInPagerDuty() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-185", "TRIGGERED", "SEV2", 1, 1), "outbound", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyEvents(id).size() == 1);
        IncidentSummary quiet = new IncidentSummary(id, "INC-185", "Checkout errors <!channel>", "TRIGGERED", "SEV2",
                "payments", "g-" + id, 1, 1, "http://alertmanager:9093", Instant.parse("2026-11-21T05:00:00Z"), null, false, true);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentMaintenanceStarted(UUID.randomUUID(), Instant.now(), quiet,
                UUID.randomUUID(), "DB upgrade", Instant.now().plusSeconds(3600)));
        IncidentSummary resolvedQuietly = new IncidentSummary(id, "INC-185", "Checkout errors <!channel>", "RESOLVED", "SEV2",
                "payments", "g-" + id, 1, 0, "http://alertmanager:9093", Instant.parse("2026-11-21T05:00:00Z"), null, false, true);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(), resolvedQuietly,
                "alertmanager"));

        await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyEvents(id).size() == 2);
        assertThat(pagerDutyEvents(id)).extracting(e -> e.get("event_action").asString()).containsExactly("trigger", "resolve");
    }

    @Test
    void theWebhookGetsTheSignedPageWithThePersonsPhoneOnceAfterARetry() throws Exception {
        var thisPage = com.github.tomakehurst.wiremock.client.WireMock.containing("\"type\":\"incident.escalated\"");
        var thisIncident = com.github.tomakehurst.wiremock.client.WireMock.containing("\"key\":\"INC-184\"");
        slack.stubFor(post(urlEqualTo("/hooks/tocsin")).atPriority(1).withRequestBody(thisPage).withRequestBody(thisIncident)
                .inScenario("webhook-503").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        UUID id = UUID.randomUUID();
        IncidentSummary s = summary(id, "INC-184", "TRIGGERED", "SEV1", 1, 1);
        send(Topics.INCIDENT_EVENTS, attached(s, "outbound", 1));
        IncidentEvent.IncidentEscalated escalated = new IncidentEvent.IncidentEscalated(UUID.randomUUID(), Instant.now(), s,
                1, "schedule payments", "SEV1 opened; policy payments-urgent pages its first level at once", List.of(
                new IncidentEvent.Page("schedule payments", "alice", "Alice Example", "U0ALICE01", null, "paged")));
        send(Topics.INCIDENT_EVENTS, escalated);
        send(Topics.INCIDENT_EVENTS, escalated); // redelivered

        await().atMost(Duration.ofSeconds(20)).until(() -> webhookCalls(id, "incident.escalated").size() >= 2);
        List<LoggedRequest> calls = webhookCalls(id, "incident.escalated");
        assertThat(calls).as("one 503, then one delivery, redelivery queued nothing").hasSize(2);
        LoggedRequest delivered = calls.getLast();
        String body = delivered.getBodyAsString();
        long timestamp = Long.parseLong(delivered.getHeader(WebhookSignature.TIMESTAMP));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
        assertThat(delivered.getHeader(WebhookSignature.SIGNATURE)).isEqualTo(WebhookSignature.sign(WEBHOOK_SECRET, timestamp, body));
        JsonNode page = TocsinJson.mapper().readTree(body);
        assertThat(page.get("id").asString()).isEqualTo(escalated.eventId().toString());
        assertThat(page.get("incident").get("key").asString()).isEqualTo("INC-184");
        assertThat(page.get("level").asInt()).isEqualTo(1);
        JsonNode alice = page.get("pages").get(0);
        assertThat(alice.get("phone").asString()).isEqualTo("+4915100000001");
        assertThat(alice.get("email").asString()).isEqualTo("alice@example.com");
        assertThat(webhookCalls(id, "incident.triggered")).isNotEmpty();
    }

    private static List<JsonNode> pagerDutyEvents(UUID incident) {
        return slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/pagerduty/v2/enqueue")))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> TocsinJson.mapper().readTree(r.getBodyAsString()))
                .filter(e -> ("tocsin-" + incident).equals(e.get("dedup_key").asString()))
                .toList();
    }

    private static List<LoggedRequest> webhookCalls(UUID incident, String type) {
        return slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/hooks/tocsin")))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .filter(r -> {
                    JsonNode body = TocsinJson.mapper().readTree(r.getBodyAsString());
                    return type.equals(body.get("type").asString())
                            && incident.toString().equals(body.get("incident").get("id").asString());
                })
                .toList();
    }
}
