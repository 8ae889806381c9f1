package io.tocsin.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Public incidents are mirrored to Atlassian Statuspage at its wire format, at most one request per second. */
class StatuspageConnectorIT extends NotifierIT {

    @Test
    void createsThenUpdatesTheIncidentWithComponentStatusPacedAndRetried() {
        slack.stubFor(post(urlEqualTo("/statuspage/pages/PAGE1/incidents")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Major outage: storefront"))
                .inScenario("sp").whenScenarioStateIs(STARTED)
                .willSetStateTo("created").willReturn(aResponse().withStatus(503)));
        slack.stubFor(post(urlEqualTo("/statuspage/pages/PAGE1/incidents")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Major outage: storefront"))
                .inScenario("sp").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"sp-incident-1\",\"status\":\"investigating\"}")));
        UUID id = UUID.randomUUID();
        IncidentSummary triggered = new IncidentSummary(id, "INC-401", "Storefront 5xx above 20%", "TRIGGERED", "SEV1",
                "storefront", "g", 1, 1, "", Instant.now());
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), triggered,
                List.of(new IncidentEvent.AttachedAlert("00000000000004a1", Instant.now(), AlertStatus.FIRING,
                        Map.of("alertname", "StorefrontDown", "service", "storefront"), Map.of(), ""))));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests().size() >= 2);
        IncidentSummary acked = new IncidentSummary(id, "INC-401", triggered.title(), "ACKNOWLEDGED", "SEV1", "storefront", "g",
                1, 1, "", triggered.openedAt());
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), Instant.now(), acked, "slack:U1"));
        // Acknowledging tells customers nothing; the person who writes the update moves the phase, twice in one phase.
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentStatusUpdated(UUID.randomUUID(), Instant.now(), acked,
                "slack:U2", "identified", "A bad deploy; rolling back.", null, null, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests().size() >= 3);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentStatusUpdated(UUID.randomUUID(), Instant.now(), acked,
                "slack:U2", "identified", "Rollback at 60%.", null, null, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests().size() >= 4);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(),
                new IncidentSummary(id, "INC-401", triggered.title(), "RESOLVED", "SEV1", "storefront", "g", 1, 0, "",
                        triggered.openedAt()), "alertmanager"));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests().size() >= 5);

        List<LoggedRequest> requests = requests();
        assertThat(requests).allMatch(r -> "OAuth sp-key".equals(r.getHeader("Authorization")));
        assertThat(requests.get(0).getMethod().getName()).isEqualTo("POST"); // 503: retried
        JsonNode created = TocsinJson.mapper().readTree(requests.get(1).getBodyAsString()).get("incident");
        assertThat(requests.get(1).getMethod().getName()).isEqualTo("POST");
        assertThat(created.get("name").asString()).as("the impact on the component, not the alert's text")
                .isEqualTo("Major outage: storefront");
        assertThat(created.get("status").asString()).isEqualTo("investigating");
        assertThat(created.get("components").get("cmp-storefront").asString()).isEqualTo("major_outage");
        assertThat(requests.get(2).getUrl()).isEqualTo("/statuspage/pages/PAGE1/incidents/sp-incident-1");
        JsonNode identified = TocsinJson.mapper().readTree(requests.get(2).getBodyAsString()).get("incident");
        assertThat(identified.get("status").asString()).isEqualTo("identified");
        assertThat(identified.get("body").asString()).isEqualTo("A bad deploy; rolling back.");
        assertThat(TocsinJson.mapper().readTree(requests.get(3).getBodyAsString()).get("incident").get("body").asString())
                .isEqualTo("Rollback at 60%.");
        JsonNode resolved = TocsinJson.mapper().readTree(requests.get(4).getBodyAsString()).get("incident");
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("components").get("cmp-storefront").asString()).isEqualTo("operational");
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Duration.between(requests.get(i - 1).getLoggedDate().toInstant(), requests.get(i).getLoggedDate().toInstant()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(990));
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPhaseWantedWhileARequestIsInFlightIsSentAfterItAndRetryAfterIsHonoured() {
        slack.stubFor(post(urlEqualTo("/statuspage/pages/PAGE1/incidents")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Partial outage: ledger"))
                .willReturn(aResponse().withStatus(201).withFixedDelay(2_500).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"sp-incident-2\"}")));
        slack.stubFor(patch(urlEqualTo("/statuspage/pages/PAGE1/incidents/sp-incident-2")).atPriority(1)
                .inScenario("sp2").whenScenarioStateIs(STARTED).willSetStateTo("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
        slack.stubFor(patch(urlEqualTo("/statuspage/pages/PAGE1/incidents/sp-incident-2")).atPriority(1)
                .inScenario("sp2").whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
        UUID id = UUID.randomUUID();
        IncidentSummary triggered = new IncidentSummary(id, "INC-402", "Ledger slow", "TRIGGERED", "SEV2", "ledger",
                "g", 1, 1, "", Instant.now());
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), triggered,
                List.of(new IncidentEvent.AttachedAlert("00000000000004a2", Instant.now(), AlertStatus.FIRING,
                        Map.of("alertname", "LedgerSlow", "service", "ledger"), Map.of(), ""))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "sending".equals(spStatus(id)));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentStatusUpdated(UUID.randomUUID(), Instant.now(),
                new IncidentSummary(id, "INC-402", "Ledger slow", "ACKNOWLEDGED", "SEV2", "ledger", "g", 1, 1, "",
                        triggered.openedAt()), "slack:U1", "identified", "Ledger writes queue up; cause found.", null, null,
                null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> "synced".equals(spStatus(id)) && requests("Partial outage: ledger").size() == 3);
        List<LoggedRequest> requests = requests("Partial outage: ledger");
        assertThat(requests).extracting(r -> r.getMethod().getName()).containsExactly("POST", "PATCH", "PATCH");
        assertThat(TocsinJson.mapper().readTree(requests.get(0).getBodyAsString()).get("incident").get("status").asString())
                .isEqualTo("investigating");
        assertThat(requests.subList(1, 3)).allSatisfy(r -> assertThat(TocsinJson.mapper().readTree(r.getBodyAsString())
                .get("incident").get("status").asString()).isEqualTo("identified"));
        assertThat(Duration.between(requests.get(1).getLoggedDate().toInstant(), requests.get(2).getLoggedDate().toInstant()))
                .as("the 429's Retry-After: 3").isGreaterThanOrEqualTo(Duration.ofMillis(2_990));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(),
                new IncidentSummary(id, "INC-402", "Ledger slow", "RESOLVED", "SEV2", "ledger", "g", 1, 0, "",
                        triggered.openedAt()), "alertmanager"));
        await().atMost(Duration.ofSeconds(30)).until(() -> requests("Partial outage: ledger").size() == 4);
    }

    private String spStatus(UUID incidentId) {
        return jdbc.sql("SELECT status FROM statuspage_incident WHERE incident_id = ?").param(incidentId)
                .query(String.class).optional().orElse(null);
    }

    private static List<LoggedRequest> requests() {
        return requests("Major outage: storefront");
    }

    private static List<LoggedRequest> requests(String title) {
        return slack.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/statuspage/") && r.getBodyAsString().contains(title))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }
}
