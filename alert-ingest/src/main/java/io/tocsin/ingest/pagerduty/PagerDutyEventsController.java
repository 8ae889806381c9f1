package io.tocsin.ingest.pagerduty;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.ChangeReceived;
import io.tocsin.ingest.IngestSettings;
import io.tocsin.ingest.publish.AlertPublisher;
import io.tocsin.ingest.web.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * PagerDuty Events API v2, answered as PagerDuty answers:
 * <ul>
 *   <li>{@code POST /v2/enqueue} (alias {@code /api/v1/alerts/pagerduty}) → {@code 202 {"status":"success",
 *   "message":"Event processed","dedup_key":…}};</li>
 *   <li>{@code POST /v2/change/enqueue} (alias {@code /api/v1/alerts/pagerduty/change}) → {@code 202
 *   {"status":"success","message":"Change event processed"}};</li>
 *   <li>an invalid event or an unknown routing key → {@code 400 {"status":"invalid event","message":"Event object is
 *   invalid","errors":[…]}};</li>
 *   <li>Kafka not acknowledging in time → 503 with {@code Retry-After} (retryable; PagerDuty's clients retry 5xx),
 *   never 429; a body over {@code tocsin.ingest.max-body-size} → 413.</li>
 * </ul>
 * The routing key is the credential (no {@code Authorization} header, as at PagerDuty): only keys listed in
 * {@link PagerDutyIntegrations} are accepted. 202 is answered only after Kafka acknowledged the record.
 */
@RestController
class PagerDutyEventsController {

    private static final Logger log = LoggerFactory.getLogger(PagerDutyEventsController.class);

    private final PagerDutyEvents events;
    private final AlertPublisher publisher;
    private final IngestSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;

    PagerDutyEventsController(PagerDutyIntegrations integrations, AlertPublisher publisher, IngestSettings settings,
                              MeterRegistry meters, Clock clock) {
        this.events = new PagerDutyEvents(TocsinJson.mapper(), integrations);
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        for (String action : List.of("trigger", "acknowledge", "resolve", "change")) {
            meters.counter("tocsin.pagerduty.events", "action", action, "outcome", "accepted");
            meters.counter("tocsin.pagerduty.events", "action", action, "outcome", "invalid");
        }
        if (integrations.integrations().isEmpty()) {
            log.info("pagerduty.off reason=\"no tocsin.ingest.pagerduty.integrations (TOCSIN_INGEST_PAGERDUTY_INTEGRATIONS)\": "
                    + "/v2/enqueue answers 400 to every routing key");
        }
    }

    @PostMapping(path = {"/v2/enqueue", "/api/v1/alerts/pagerduty"},
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    ResponseEntity<Map<String, String>> enqueue(HttpServletRequest request) throws IOException {
        byte[] body = RequestBodies.readLimited(request, settings.maxBodySize().toBytes());
        PagerDutyEvents.AlertEvent event = events.alertEvent(body, clock.instant());
        publisher.publishAll(List.of(event.message()));
        meters.counter("tocsin.pagerduty.events", "action", event.action(), "outcome", "accepted").increment();
        log.info("pagerduty.accepted action={} dedupKey=\"{}\"", event.action(), event.dedupKey());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        answer.put("message", "Event processed");
        answer.put("dedup_key", event.dedupKey());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    @PostMapping(path = {"/v2/change/enqueue", "/api/v1/alerts/pagerduty/change"},
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    ResponseEntity<Map<String, String>> changeEnqueue(HttpServletRequest request) throws IOException {
        byte[] body = RequestBodies.readLimited(request, settings.maxBodySize().toBytes());
        ChangeReceived change = events.changeEvent(body, clock.instant());
        publisher.publishChange(change);
        meters.counter("tocsin.pagerduty.events", "action", "change", "outcome", "accepted").increment();
        log.info("pagerduty.change_accepted service={} summary=\"{}\"", change.service(), change.summary());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        answer.put("message", "Change event processed");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    /** PagerDuty's 400 body. */
    @ExceptionHandler(InvalidEventException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidEventException e, HttpServletRequest request) {
        String action = request.getRequestURI().contains("change") ? "change" : "trigger";
        meters.counter("tocsin.pagerduty.events", "action", action, "outcome", "invalid").increment();
        meters.counter("tocsin.webhook.requests", "outcome", "bad_request").increment();
        log.info("pagerduty.rejected outcome=invalid_event errors=\"{}\"", e.getMessage());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "invalid event");
        answer.put("message", "Event object is invalid");
        answer.put("errors", e.errors());
        return ResponseEntity.badRequest().body(answer);
    }
}
