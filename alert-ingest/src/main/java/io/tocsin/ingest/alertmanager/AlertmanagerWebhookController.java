package io.tocsin.ingest.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.ingest.IngestSettings;
import io.tocsin.ingest.publish.AlertPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/alerts/alertmanager}: Alertmanager's webhook receiver.
 *
 * <p>Answers {@code 202 {"accepted": N}} only after Kafka acknowledged all N records; 400 for a
 * malformed body (naming the field), 413 over {@code tocsin.ingest.max-body-size}, 415 for a
 * Content-Type other than JSON, 401 without valid credentials (see the auth filter), 503 with
 * {@code Retry-After} when Kafka does not acknowledge in time. A 4xx publishes nothing.
 */
@RestController
class AlertmanagerWebhookController {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhookController.class);

    private final AlertmanagerPayloads payloads = new AlertmanagerPayloads(TocsinJson.mapper());
    private final AlertPublisher publisher;
    private final IngestSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;

    AlertmanagerWebhookController(AlertPublisher publisher, IngestSettings settings, MeterRegistry meters,
                                  Clock clock) {
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        // Registered at zero so dashboards and rate() see the series before the first webhook.
        for (io.tocsin.contracts.messages.AlertStatus status : io.tocsin.contracts.messages.AlertStatus.values()) {
            meters.counter("tocsin.alerts.received", "source", "alertmanager", "status", status.wireName());
        }
        for (String outcome : java.util.List.of("accepted", "unavailable", "unauthorized", "bad_request", "too_large",
                "unsupported_media_type", "method_not_allowed")) {
            meters.counter("tocsin.webhook.requests", "outcome", outcome);
        }
    }

    @PostMapping(path = "/api/v1/alerts/alertmanager", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> receive(HttpServletRequest request) throws IOException {
        byte[] body = io.tocsin.ingest.web.RequestBodies.readLimited(request, settings.maxBodySize().toBytes());
        List<AlertReceived> alerts = payloads.parse(body, clock.instant());
        publisher.publishAll(alerts);
        for (AlertReceived alert : alerts) {
            meters.counter("tocsin.alerts.received", "source", "alertmanager", "status", alert.status().wireName())
                    .increment();
        }
        meters.counter("tocsin.webhook.requests", "outcome", "accepted").increment();
        if (!alerts.isEmpty()) {
            log.info("webhook.accepted source=alertmanager groupKey=\"{}\" alerts={}", alerts.getFirst().groupKey(),
                    alerts.size());
        }
        return Map.of("accepted", alerts.size());
    }
}
