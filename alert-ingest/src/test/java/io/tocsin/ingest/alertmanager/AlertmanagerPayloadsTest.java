package io.tocsin.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.ingest.web.InvalidPayloadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real Alertmanager 0.25 payloads parse; malformed ones are rejected naming the field. */
class AlertmanagerPayloadsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T06:00:00Z");
    private final AlertmanagerPayloads payloads = new AlertmanagerPayloads(TocsinJson.mapper());

    @Test
    void parsesFiringGroupWithGoZeroEndsAtAsStillFiring() throws IOException {
        List<AlertReceived> alerts = payloads.parse(sample("firing-group.json"), RECEIVED);
        assertThat(alerts).hasSize(2);
        AlertReceived first = alerts.getFirst();
        assertThat(first.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(first.endsAt()).isNull();
        assertThat(first.startsAt()).isEqualTo(Instant.parse("2026-11-21T05:35:04.507604023Z"));
        assertThat(first.fingerprint()).isEqualTo("f41350d2ca0fc90b");
        assertThat(first.groupKey()).isEqualTo("{}:{alertname=\"HighErrorRate\", service=\"payments\"}");
        assertThat(first.receiver()).isEqualTo("incident-webhook");
        assertThat(first.externalURL()).isEqualTo("http://vm:9093");
        assertThat(first.annotations()).containsEntry("summary", "5xx > 5%");
        assertThat(first.source()).isEqualTo("alertmanager");
        assertThat(alerts.get(1).generatorURL()).isEmpty();
        assertThat(alerts).extracting(AlertReceived::eventId).doesNotHaveDuplicates();
    }

    @Test
    void parsesResolvedSingleWithEndsAt() throws IOException {
        AlertReceived alert = payloads.parse(sample("resolved-single.json"), RECEIVED).getFirst();
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.endsAt()).isEqualTo(Instant.parse("2026-11-21T05:34:52Z"));
    }

    @Test
    void computesMissingFingerprintAndAcceptsOffsetTimestamps() {
        String body = """
                {"version":"4","groupKey":"g","alerts":[{"status":"firing",
                 "labels":{"alertname":"Test","service":"postgres","severity":"critical"},
                 "startsAt":"2026-11-21T07:34:49.123456789+02:00"}]}""";
        AlertReceived alert = payloads.parse(body.getBytes(StandardCharsets.UTF_8), RECEIVED).getFirst();
        assertThat(alert.fingerprint()).isEqualTo("4eef62d58a841912");
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-21T05:34:49.123456789Z"));
        assertThat(alert.annotations()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                | {oops                                                        | body",
            "array body              | []                                                           | body",
            "missing groupKey        | {\"alerts\":[]}                                              | groupKey",
            "groupKey not a string   | {\"groupKey\":1,\"alerts\":[]}                               | groupKey",
            "missing alerts          | {\"groupKey\":\"g\"}                                         | alerts",
            "alerts not an array     | {\"groupKey\":\"g\",\"alerts\":{}}                           | alerts",
            "wrong version           | {\"version\":\"3\",\"groupKey\":\"g\",\"alerts\":[]}         | version",
            "bad status              | {\"groupKey\":\"g\",\"alerts\":[{\"status\":\"burning\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-11-21T05:00:00Z\"}]} | alerts[0].status",
            "missing labels          | {\"groupKey\":\"g\",\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-11-21T05:00:00Z\"}]} | alerts[0].labels",
            "label not a string      | {\"groupKey\":\"g\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":1},\"startsAt\":\"2026-11-21T05:00:00Z\"}]} | alerts[0].labels.a",
            "missing startsAt        | {\"groupKey\":\"g\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"}}]} | alerts[0].startsAt",
            "bad endsAt              | {\"groupKey\":\"g\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-11-21T05:00:00Z\",\"endsAt\":\"soon\"}]} | alerts[0].endsAt",
    })
    void rejectsMalformedPayloadNamingTheField(String name, String body, String field) {
        assertThatThrownBy(() -> payloads.parse(body.getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ":");
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = AlertmanagerPayloadsTest.class.getResourceAsStream("/alertmanager/" + name)) {
            return in.readAllBytes();
        }
    }
}
