package io.tocsin.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.contracts.messages.AlertAcknowledged;
import io.tocsin.contracts.messages.AlertMessage;
import io.tocsin.contracts.messages.ChangeMessage;
import io.tocsin.contracts.messages.ChangeReceived;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.BackupVerificationMessage;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.RemediationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wire contracts read fixed JSON examples, tolerate unknown fields and never carry class names. */
class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void readsAlertReceivedFromFixedJsonIgnoringUnknownFields() {
        String json = """
                {"type":"AlertReceived","eventId":"7d3c1b9e-2f57-4a52-9d1e-0d6b7c1a9f10",
                 "occurredAt":"2026-11-21T05:35:05Z","fingerprint":"4eef62d58a841912","status":"firing",
                 "labels":{"alertname":"Test","service":"postgres","severity":"critical"},
                 "annotations":{"summary":"PG down"},"startsAt":"2026-11-21T05:34:49.942492727Z",
                 "generatorURL":"","groupKey":"{}:{alertname=\\"Test\\"}","receiver":"incident-webhook",
                 "externalURL":"http://vm:9093","source":"alertmanager","receivedAt":"2026-11-21T05:35:05Z",
                 "someFutureField":{"nested":true}}""";
        AlertReceived alert = (AlertReceived) codec.read(bytes(json), AlertMessage.class);
        assertThat(alert.eventId()).isEqualTo(UUID.fromString("7d3c1b9e-2f57-4a52-9d1e-0d6b7c1a9f10"));
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T05:34:49.942492727Z"));
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.labels()).containsEntry("severity", "critical");
        assertThat(alert.partitionKey()).isEqualTo("{}:{alertname=\"Test\"}");
    }

    @Test
    void readsThePagerDutyAcknowledgementAndChangeFromFixedJson() {
        AlertAcknowledged ack = (AlertAcknowledged) codec.read(bytes("""
                {"type":"AlertAcknowledged","eventId":"7d3c1b9e-2f57-4a52-9d1e-0d6b7c1a9f11",
                 "occurredAt":"2026-11-21T05:35:05Z","fingerprint":"4eef62d58a841912",
                 "labels":{"service":"checkout","dedup_key":"srv01/HTTP"},"groupKey":"pagerduty:checkout:srv01/HTTP",
                 "source":"pagerduty","actor":"pagerduty:monitoringtool:cloudvendor:central-region-dc-01:852559987",
                 "receivedAt":"2026-11-21T05:35:05Z"}"""), AlertMessage.class);
        assertThat(ack.partitionKey()).isEqualTo("pagerduty:checkout:srv01/HTTP");
        assertThat(ack.actor()).startsWith("pagerduty:");
        ChangeReceived change = (ChangeReceived) codec.read(bytes("""
                {"type":"ChangeReceived","eventId":"7d3c1b9e-2f57-4a52-9d1e-0d6b7c1a9f12",
                 "occurredAt":"2026-11-21T05:35:05Z","service":"checkout",
                 "summary":"Build Success: Increase snapshot create timeout to 30 seconds",
                 "source":"acme-build-pipeline-tool-default-i-9999","changedAt":"2020-07-17T08:42:58.315Z",
                 "customDetails":{"build_state":"passed","build_number":"2"},
                 "links":[{"href":"https://acme.pagerduty.dev/build/2","text":"View more details in Acme!"}],
                 "receivedAt":"2026-11-21T05:35:05Z"}"""), ChangeMessage.class);
        assertThat(change.partitionKey()).isEqualTo("checkout");
        assertThat(change.customDetails()).containsEntry("build_state", "passed");
        assertThat(codec.read(codec.write(change), ChangeMessage.class)).isEqualTo(change);
    }

    @Test
    void writesTypeNameAndRfc3339TimesNeverAClassName() {
        AlertReceived alert = new AlertReceived(UUID.randomUUID(), Instant.parse("2026-11-21T05:35:05Z"),
                "4eef62d58a841912", AlertStatus.RESOLVED, Map.of("alertname", "Test"), Map.of(),
                Instant.parse("2026-11-21T05:34:49Z"), Instant.parse("2026-11-21T05:34:52Z"), "", "g", "r", "", "alertmanager",
                Instant.parse("2026-11-21T05:35:05Z"));
        String json = new String(codec.write(alert), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"AlertReceived\"", "\"status\":\"resolved\"",
                "\"endsAt\":\"2026-11-21T05:34:52Z\"").doesNotContain("io.tocsin");
        assertThat(codec.read(codec.write(alert), AlertMessage.class)).isEqualTo(alert);
    }

    @Test
    void readsEveryIncidentEventAndCommandType() {
        String summary = """
                "incident":{"id":"0b8a4a53-4c2a-4f4a-9d55-5b0c8c2f3b11","key":"INC-7","title":"PG down","status":"TRIGGERED",
                 "severity":"SEV2","service":"postgres","groupKey":"g","alertCount":1,"firingCount":1,
                 "externalURL":"","openedAt":"2026-11-21T05:35:05Z"}""";
        String common = "\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"2026-11-21T05:35:05Z\"," + summary;
        assertThat(codec.read(bytes("{\"type\":\"IncidentOpened\"," + common + "}"), IncidentEvent.class))
                .isInstanceOf(IncidentEvent.IncidentOpened.class);
        var ack = codec.read(bytes("{\"type\":\"IncidentAcknowledged\"," + common + ",\"actor\":\"slack:U123\"}"),
                IncidentEvent.class);
        assertThat(ack).isInstanceOfSatisfying(IncidentEvent.IncidentAcknowledged.class, a -> {
            assertThat(a.actor()).isEqualTo("slack:U123");
            assertThat(a.incident().key()).isEqualTo("INC-7");
            assertThat(a.partitionKey()).isEqualTo("0b8a4a53-4c2a-4f4a-9d55-5b0c8c2f3b11");
            assertThat(a.incident().flapping()).as("absent in older messages").isFalse();
            assertThat(a.incident().inMaintenance()).isFalse();
        });
        var flapping = codec.read(bytes("{\"type\":\"IncidentFlappingStarted\"," + common.replace("\"firingCount\":1,",
                        "\"firingCount\":1,\"flapping\":true,") + ",\"fingerprint\":\"4eef62d58a841912\",\"changes\":3,\"windowSeconds\":1800}"),
                IncidentEvent.class);
        assertThat(flapping).isInstanceOfSatisfying(IncidentEvent.IncidentFlappingStarted.class, f -> {
            assertThat(f.changes()).isEqualTo(3);
            assertThat(f.incident().flapping()).isTrue();
        });
        var maintenance = new IncidentEvent.IncidentMaintenanceStarted(UUID.randomUUID(), java.time.Instant.parse("2026-11-21T05:35:05Z"),
                ((IncidentEvent) ack).incident(), UUID.randomUUID(), "upgrade", java.time.Instant.parse("2026-11-21T07:00:00Z"));
        assertThat(new String(codec.write(maintenance), StandardCharsets.UTF_8)).contains("\"type\":\"IncidentMaintenanceStarted\"");
        assertThat(codec.read(codec.write(maintenance), IncidentEvent.class)).isEqualTo(maintenance);
        var command = codec.read(bytes("""
                {"type":"AcknowledgeIncident","eventId":"%s","occurredAt":"2026-11-21T05:35:05Z",
                 "incident":"INC-7","actor":"slack:U123","note":"on it","extra":1}""".formatted(UUID.randomUUID())),
                IncidentCommand.class);
        assertThat(command).isInstanceOf(IncidentCommand.AcknowledgeIncident.class);
        assertThat(command.partitionKey()).isEqualTo("INC-7");
    }

    @Test
    void roundTripsRemediationAndBackupMessages() {
        var result = new RemediationResult.RemediationSucceeded(UUID.randomUUID(), Instant.parse("2026-11-21T05:35:05Z"),
                UUID.randomUUID(), UUID.randomUUID(), "redis-memory-full", 0, "redis.set-config", false,
                Map.of("maxmemory-policy", "allkeys-lru"));
        assertThat(codec.read(codec.write(result), RemediationResult.class)).isEqualTo(result);
        var backup = new BackupVerificationCompleted(UUID.randomUUID(), Instant.parse("2026-11-21T04:00:00Z"),
                UUID.randomUUID(), "goodgo", false,
                List.of(new BackupVerificationCompleted.Check("backup_age", "<= 25h", "31h", false)),
                "goodgo_20261120_030000.dump", 111600L, null, 1200L, Instant.parse("2026-11-21T04:00:00Z"));
        assertThat(codec.read(codec.write(backup), BackupVerificationMessage.class)).isEqualTo(backup);
        assertThat(backup.partitionKey()).isEqualTo("goodgo");
    }

    @Test
    void rejectsUnknownTypeMalformedJsonAndMissingEventId() {
        assertThatThrownBy(() -> codec.read(bytes("{\"type\":\"Nope\",\"eventId\":\"" + UUID.randomUUID() + "\"}"),
                AlertMessage.class)).isInstanceOf(MalformedMessageException.class).hasMessageContaining("Nope");
        assertThatThrownBy(() -> codec.read(bytes("{not json"), AlertMessage.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> codec.read(bytes("{\"type\":\"AlertReceived\",\"fingerprint\":\"x\"}"), AlertMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("eventId");
        assertThatThrownBy(() -> codec.read(bytes("{\"type\":\"AlertReceived\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"status\":\"exploded\"}"), AlertMessage.class)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void readsAlertsAttachedAndRefusesTheRetiredAlertAttached() {
        String common = "\"eventId\":\"5f0e6a3c-7c1d-4a0b-8d3e-2b9f4e1c6a77\",\"occurredAt\":\"2026-11-21T05:35:05Z\","
                + "\"incident\":{\"id\":\"0b8a4a53-4c2a-4f4a-9d55-5b0c8c2f3b11\",\"key\":\"INC-7\",\"title\":\"PG down\","
                + "\"status\":\"TRIGGERED\",\"severity\":\"SEV2\",\"groupKey\":\"g\",\"alertCount\":2,\"firingCount\":1,"
                + "\"openedAt\":\"2026-11-21T05:35:05Z\"}";
        String alert = """
                {"fingerprint":"%s","startsAt":"2026-11-21T05:34:49Z","alertStatus":"%s",
                 "labels":{"alertname":"PostgresDown","team":"%s"},"annotations":{},"generatorURL":"http://prom/graph"}""";
        var batch = codec.read(bytes("{\"type\":\"AlertsAttached\"," + common + ",\"alerts\":["
                + alert.formatted("00000000000000a1", "resolved", "db") + ","
                + alert.formatted("00000000000000a2", "firing", "payments") + "]}"), IncidentEvent.class);
        assertThat(batch).isInstanceOfSatisfying(IncidentEvent.AlertsAttached.class, a -> {
            assertThat(a.alerts()).extracting(IncidentEvent.AttachedAlert::fingerprint)
                    .containsExactly("00000000000000a1", "00000000000000a2");
            assertThat(a.firstFiring()).get().satisfies(f -> assertThat(f.labels()).containsEntry("team", "payments"));
        });
        assertThat(codec.read(codec.write(batch), IncidentEvent.class)).isEqualTo(batch);

        String single = alert.formatted("00000000000000a1", "firing", "db");
        assertThatThrownBy(() -> codec.read(bytes("{\"type\":\"AlertAttached\"," + common + "," + single.substring(1)),
                IncidentEvent.class)).as("a type outside the contract").isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> codec.read(bytes("{\"type\":\"AlertsAttached\"," + common + ",\"alerts\":[]}"),
                IncidentEvent.class)).isInstanceOf(MalformedMessageException.class).hasMessageContaining("carries no alert");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
