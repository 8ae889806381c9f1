package io.tocsin.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertAcknowledged;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.ChangeReceived;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PagerDuty Events API v2 bodies, as its documentation shows them, into Tocsin's messages. */
class PagerDutyEventsTest {

    private static final String KEY = "R0CHECKOUT0000000000000000000000";
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private final PagerDutyEvents events = new PagerDutyEvents(TocsinJson.mapper(),
            new PagerDutyIntegrations(List.of(KEY + "=checkout")));

    @Test
    void aDocumentedTriggerBecomesAFiringAlertOfTheRoutingKeysService() {
        PagerDutyEvents.AlertEvent event = events.alertEvent(bytes("""
                {"payload":{"summary":"Example alert on host1.example.com","timestamp":"2015-07-17T08:42:58.315+0000",
                  "source":"monitoringtool:cloudvendor:central-region-dc-01:852559987","severity":"info","component":"postgres",
                  "group":"prod-datapipe","class":"deploy","custom_details":{"ping time":"1500ms","load avg":0.75}},
                 "routing_key":"%s","dedup_key":"samplekeyhere",
                 "images":[{"src":"https://www.pagerduty.com/logo.png","href":"https://example.com/","alt":"Example text"}],
                 "links":[{"href":"https://example.com/","text":"Link text"}],"event_action":"trigger",
                 "client":"Sample Monitoring Service","client_url":"https://monitoring.example.com"}""".formatted(KEY)), NOW);

        assertThat(event.dedupKey()).isEqualTo("samplekeyhere");
        AlertReceived alert = (AlertReceived) event.message();
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.source()).isEqualTo("pagerduty");
        assertThat(alert.startsAt()).as("the receipt: the sender's clock is no identity").isEqualTo(NOW);
        assertThat(alert.annotations()).containsEntry("timestamp", "2015-07-17T08:42:58.315Z");
        assertThat(alert.labels()).containsEntry("service", "checkout").containsEntry("severity", "info")
                .containsEntry("alertname", "deploy").containsEntry("component", "postgres")
                .containsEntry("group", "prod-datapipe").containsEntry("dedup_key", "samplekeyhere")
                .containsEntry("source", "monitoringtool:cloudvendor:central-region-dc-01:852559987");
        assertThat(alert.annotations()).containsEntry("summary", "Example alert on host1.example.com")
                .containsEntry("client", "Sample Monitoring Service").containsKeys("custom_details", "links", "images");
        assertThat(alert.annotations().get("custom_details")).contains("\"ping time\":\"1500ms\"");
        assertThat(alert.generatorURL()).isEqualTo("https://monitoring.example.com");
        assertThat(alert.groupKey()).isEqualTo("pagerduty:checkout:samplekeyhere");
    }

    @Test
    void triggerAcknowledgeAndResolveOfOneDedupKeyNameOneAlert() {
        AlertReceived trigger = (AlertReceived) events.alertEvent(bytes("""
                {"routing_key":"%s","event_action":"trigger","dedup_key":"disk/db-1",
                 "payload":{"summary":"Disk full","source":"db-1","severity":"error"}}""".formatted(KEY)), NOW).message();
        AlertAcknowledged ack = (AlertAcknowledged) events.alertEvent(bytes("""
                {"routing_key":"%s","event_action":"acknowledge","dedup_key":"disk/db-1","client":"Zabbix",
                 "payload":{"summary":"BLANK","source":"BLANK","severity":"info"}}""".formatted(KEY)), NOW).message();
        AlertReceived resolve = (AlertReceived) events.alertEvent(bytes("""
                {"routing_key":"%s","event_action":"resolve","dedup_key":"disk/db-1"}""".formatted(KEY)), NOW).message();

        assertThat(trigger.startsAt()).as("no payload.timestamp: the receipt").isEqualTo(NOW);
        assertThat(List.of(ack.fingerprint(), resolve.fingerprint())).containsOnly(trigger.fingerprint());
        assertThat(List.of(ack.groupKey(), resolve.groupKey())).containsOnly(trigger.groupKey());
        assertThat(ack.actor()).as("the placeholder payload is ignored").isEqualTo("pagerduty:Zabbix");
        assertThat(resolve.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolve.endsAt()).isEqualTo(NOW);
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOne() {
        PagerDutyEvents.AlertEvent event = events.alertEvent(bytes("""
                {"routing_key":"%s","event_action":"trigger",
                 "payload":{"summary":"Disk full","source":"db-1","severity":"critical","timestamp":"2026-11-29T09:59:00+01:00"}}"""
                .formatted(KEY)), NOW);
        assertThat(event.dedupKey()).matches("[0-9a-f]{32}");
        assertThat(((AlertReceived) event.message()).annotations()).containsEntry("timestamp", "2026-11-29T08:59:00Z");
    }

    @Test
    void everyInvalidFieldIsListedAsPagerDutyListsThem() {
        assertThatThrownBy(() -> events.alertEvent(bytes("""
                {"routing_key":"%s","event_action":"trigger","payload":{"summary":" ","severity":"fatal",
                 "timestamp":"yesterday"}}""".formatted(KEY)), NOW))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.errors()).containsExactly(
                        "'payload.summary' is blank", "'payload.source' is missing",
                        "'payload.severity' must be one of critical, error, warning, info; was 'fatal'",
                        "'payload.timestamp' is not an ISO 8601 timestamp with an offset: 'yesterday'"));
        assertThatThrownBy(() -> events.alertEvent(bytes("""
                {"routing_key":"samplekeyhere","event_action":"trigger"}"""), NOW))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.errors()).contains(
                        "Length of 'routing_key' is incorrect (should be 32 characters)"));
        assertThatThrownBy(() -> events.alertEvent(bytes("""
                {"routing_key":"R0UNKNOWN00000000000000000000000","event_action":"resolve"}"""), NOW))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.errors()).containsExactly(
                        "'routing_key' R0UN… is not an integration key of this Tocsin (tocsin.ingest.pagerduty.integrations)",
                        "'dedup_key' is required for resolve events"));
        assertThatThrownBy(() -> events.alertEvent(bytes("[1]"), NOW)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aDocumentedChangeEventNamesItsService() {
        ChangeReceived change = events.changeEvent(bytes("""
                {"routing_key":"%s","payload":{"summary":"Build Success: Increase snapshot create timeout to 30 seconds",
                  "timestamp":"2020-07-17T08:42:58.315+0000","source":"acme-build-pipeline-tool-default-i-9999",
                  "custom_details":{"build_state":"passed","build_number":"2","run_time":"1236s"}},
                 "links":[{"href":"https://acme.pagerduty.dev/build/2","text":"View more details in Acme!"}]}""".formatted(KEY)),
                NOW);
        assertThat(change.service()).isEqualTo("checkout");
        assertThat(change.changedAt()).isEqualTo(Instant.parse("2020-07-17T08:42:58.315Z"));
        assertThat(change.customDetails()).containsEntry("build_number", "2");
        assertThat(change.links()).containsExactly(new ChangeReceived.Link("https://acme.pagerduty.dev/build/2",
                "View more details in Acme!"));
    }

    @Test
    void integrationKeysAreCheckedAtStartUp() {
        assertThatThrownBy(() -> new PagerDutyIntegrations(List.of("short=checkout")))
                .hasMessageContaining("tocsin.ingest.pagerduty.integrations[0]").hasMessageContaining("32 letters and digits");
        assertThatThrownBy(() -> new PagerDutyIntegrations(List.of(KEY + "=")))
                .hasMessageContaining("the service after '=' is empty");
        assertThatThrownBy(() -> new PagerDutyIntegrations(List.of(KEY + "=a", KEY + "=b")))
                .hasMessageContaining("[1]").hasMessageContaining("listed twice");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
