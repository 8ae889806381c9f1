package io.tocsin.notify.outbound;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.Person;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues what leaves for the team's webhook and for PagerDuty, in the consumer's transaction, so an event is forwarded
 * exactly when it is processed; {@link OutboundSender} delivers. Every delivery has a dedupe key, so a redelivered
 * event queues nothing twice.
 *
 * <p>Webhook bodies (JSON): {@code {"id", "type", "occurredAt", "incident": {"id", "key", "title", "severity",
 * "status", "service", "openedAt", "alertmanagerUrl"}, …}} with {@code type} {@code incident.triggered},
 * {@code incident.escalated} (plus {@code level}, {@code target}, {@code reason} and {@code pages}: each with
 * {@code person}, {@code name}, {@code slackUserId}, {@code slackUserGroupId}, {@code email}, {@code phone} from the
 * on-call configuration, {@code outcome}), {@code incident.acknowledged} and {@code incident.resolved} (plus
 * {@code actor}). {@code id} is stable across retries: receivers deduplicate on it.
 *
 * <p>PagerDuty (Events API v2): {@code trigger} when the incident is first announced, {@code acknowledge} and
 * {@code resolve} after it, all with {@code dedup_key} {@code tocsin-<incident id>}; the routing key is added when
 * sending, from {@link OutboundSettings.PagerDuty#routingKeyFor} of the incident's service.
 */
@Service
public class Outbound {

    private final OutboundSettings settings;
    private final JdbcClient jdbc;
    private final OnCallConfig oncall;

    Outbound(OutboundSettings settings, JdbcClient jdbc, OnCallConfig oncall) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.oncall = oncall;
    }

    /** The incident is announced (its first notification, or any later one: queued once). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void announced(IncidentView incident) {
        if (pagerDutyFor(incident)) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", truncate("[" + incident.severity() + "] " + incident.key() + " " + incident.title(), 1024));
            payload.put("source", incident.service() == null ? "tocsin" : incident.service());
            payload.put("severity", switch (incident.severity()) {
                case "SEV1" -> "critical";
                case "SEV2" -> "error";
                case "SEV3" -> "warning";
                default -> "info";
            });
            payload.put("timestamp", incident.openedAt().toString());
            if (incident.service() != null) {
                payload.put("component", incident.service());
            }
            String alertname = incident.labels().get("alertname");
            if (alertname != null) {
                payload.put("class", alertname);
            }
            payload.put("custom_details", Map.of("incident", incident.key(), "severity", incident.severity(),
                    "alerts", incident.alertCount()));
            Map<String, Object> event = pagerDuty("trigger", incident);
            event.put("payload", payload);
            event.put("client", "Tocsin");
            if (incident.externalUrl() != null && !incident.externalUrl().isBlank()) {
                event.put("client_url", incident.externalUrl());
            }
            queue("pagerduty", incident, "pagerduty:trigger:" + incident.incidentId(), event);
        }
        if (settings.webhook().enabled()) {
            queue("webhook", incident, "webhook:triggered:" + incident.incidentId(),
                    webhook(java.util.UUID.nameUUIDFromBytes(("triggered:" + incident.incidentId())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), "incident.triggered", incident, incident.openedAt().toString()));
        }
    }

    /**
     * A responder acknowledged it; forwarded only where its trigger was (also while the incident is quiet, under a
     * maintenance window: PagerDuty must not keep paging for it).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void acknowledged(IncidentView incident, IncidentEvent.IncidentAcknowledged event) {
        if (pagerDutyFor(incident) && queued("pagerduty:trigger:" + incident.incidentId())) {
            queue("pagerduty", incident, "pagerduty:acknowledge:" + incident.incidentId(), pagerDuty("acknowledge", incident));
        }
        if (settings.webhook().enabled() && queued("webhook:triggered:" + incident.incidentId())) {
            Map<String, Object> body = webhook(event.eventId().toString(), "incident.acknowledged", incident, event.occurredAt().toString());
            body.put("actor", event.actor());
            queue("webhook", incident, "webhook:" + event.eventId(), body);
        }
    }

    /** It resolved; forwarded only where its trigger was, also while the incident is quiet. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void resolved(IncidentView incident, IncidentEvent.IncidentResolved event) {
        if (pagerDutyFor(incident) && queued("pagerduty:trigger:" + incident.incidentId())) {
            queue("pagerduty", incident, "pagerduty:resolve:" + incident.incidentId(), pagerDuty("resolve", incident));
        }
        if (settings.webhook().enabled() && queued("webhook:triggered:" + incident.incidentId())) {
            Map<String, Object> body = webhook(event.eventId().toString(), "incident.resolved", incident, event.occurredAt().toString());
            body.put("actor", event.actor());
            queue("webhook", incident, "webhook:" + event.eventId(), body);
        }
    }

    /** It escalated: the webhook gets the pages with each person's contact details, to call or text them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void escalated(IncidentView incident, IncidentEvent.IncidentEscalated event) {
        if (!settings.webhook().enabled()) {
            return;
        }
        Map<String, Object> body = webhook(event.eventId().toString(), "incident.escalated", incident, event.occurredAt().toString());
        body.put("level", event.level());
        body.put("target", event.target());
        body.put("reason", event.reason());
        List<Map<String, Object>> pages = new ArrayList<>();
        for (IncidentEvent.Page p : event.pages()) {
            Optional<Person> person = Optional.ofNullable(p.person()).map(id -> oncall.people().get(id));
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("target", p.target());
            page.put("person", p.person());
            page.put("name", p.name());
            page.put("slackUserId", p.slackUserId());
            page.put("slackUserGroupId", p.slackUserGroupId());
            page.put("email", person.map(Person::email).orElse(null));
            page.put("phone", person.map(Person::phone).orElse(null));
            page.put("outcome", p.outcome());
            pages.add(page);
        }
        body.put("pages", pages);
        queue("webhook", incident, "webhook:" + event.eventId(), body);
    }

    private boolean queued(String dedupeKey) {
        return jdbc.sql("SELECT count(*) FROM outbound_delivery WHERE dedupe_key = ?").param(dedupeKey).query(Long.class)
                .single() > 0;
    }

    private boolean pagerDutyFor(IncidentView incident) {
        return settings.pagerduty().enabled() && settings.pagerduty().routingKeyFor(incident.service()) != null;
    }

    private static Map<String, Object> pagerDuty(String action, IncidentView incident) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_action", action);
        event.put("dedup_key", "tocsin-" + incident.incidentId());
        return event;
    }

    private static Map<String, Object> webhook(String id, String type, IncidentView i, String occurredAt) {
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", i.incidentId().toString());
        incident.put("key", i.key());
        incident.put("title", i.title());
        incident.put("severity", i.severity());
        incident.put("status", i.status());
        incident.put("service", i.service());
        incident.put("openedAt", i.openedAt().toString());
        incident.put("alertmanagerUrl", i.externalUrl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("occurredAt", occurredAt);
        body.put("incident", incident);
        return body;
    }

    private void queue(String destination, IncidentView incident, String dedupeKey, Map<String, Object> body) {
        jdbc.sql("""
                        INSERT INTO outbound_delivery (destination, incident_id, route, body, dedupe_key)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""")
                .params(destination, incident.incidentId(), incident.service(),
                        TocsinJson.mapper().writeValueAsString(body), dedupeKey)
                .update();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
