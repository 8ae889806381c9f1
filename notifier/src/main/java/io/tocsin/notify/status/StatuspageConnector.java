package io.tocsin.notify.status;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.notify.delivery.Backoff;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Mirrors public incidents to Atlassian Statuspage (developer.statuspage.io, Incidents): creates an
 * incident ({@code POST /pages/{page}/incidents}) when one first appears on the status page, and
 * updates its status and component states ({@code PATCH /pages/{page}/incidents/{id}}) as it moves
 * through investigating → identified → monitoring → resolved. Requests carry
 * {@code Authorization: OAuth <key>} and are paced to one per {@code interval} (Statuspage allows 1/s per key) across
 * all instances: a request first takes the one shared slot in {@code statuspage_pace} (database time), which frees one
 * interval after the request ended;
 * wanted states are kept in {@code statuspage_incident}, so an outage of Statuspage delays the mirror
 * and a restart resumes it. 429 and 5xx are retried with the notifier's {@link Backoff} (4 s doubling to 5 min, or
 * the answer's {@code Retry-After}), other 4xx are recorded as failed.
 *
 * <p>No database transaction is open while Statuspage answers: a row is claimed by moving its next attempt one lease
 * ({@value #LEASE_SECONDS} s) ahead and marking it {@code sending} in one statement ({@code FOR UPDATE SKIP LOCKED}, so
 * instances claim different rows), the request runs, and its outcome is written after; a phase wanted meanwhile waits
 * for it and is sent next. An instance that dies mid-request leaves the row to be claimed again when the lease ends.
 */
@Component
public class StatuspageConnector {

    private static final Logger log = LoggerFactory.getLogger(StatuspageConnector.class);
    static final int LEASE_SECONDS = 30;
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(4), Duration.ofMinutes(5));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IncidentViews views;
    private final StatusPageSettings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final RestClient http;
    private final StatusPage statusPage;

    StatuspageConnector(JdbcClient jdbc, TransactionTemplate tx, IncidentViews views, StatusPageSettings settings,
                        Clock clock, CircuitBreakerRegistry breakers, MeterRegistry meters, StatusPage statusPage) {
        this.statusPage = statusPage;
        this.jdbc = jdbc;
        this.tx = tx;
        this.views = views;
        this.settings = settings;
        this.clock = clock;
        this.breaker = breakers.circuitBreaker("statuspage");
        this.meters = meters;
        for (String outcome : java.util.List.of("ok", "retry", "failed")) {
            meters.counter("tocsin.statuspage.requests", "outcome", outcome); // at zero, for dashboards
        }
        // The JDK client, not HttpURLConnection: Statuspage updates are PATCH requests.
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        StatusPageSettings.Statuspage sp = settings.statuspage();
        this.http = RestClient.builder().requestFactory(requests)
                .baseUrl(sp.apiUrl() == null ? "https://api.statuspage.io/v1/" : sp.apiUrl())
                .defaultHeader("Authorization", "OAuth " + (sp.apiKey() == null ? "" : sp.apiKey()))
                .build();
    }

    /**
     * Records that Statuspage should show {@code phase} for an incident, if the incident is public (its
     * severity is one of the status page's). Called in the consumer's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void want(IncidentView incident, String phase) {
        if (!settings.statuspage().enabled() || !settings.severities().contains(incident.severity())) {
            return;
        }
        // Each new update is sent, also one of the phase Statuspage shows already (a person's second "identified").
        jdbc.sql("""
                        INSERT INTO statuspage_incident (incident_id, wanted_phase, wanted_update) VALUES (?, ?, ?)
                        ON CONFLICT (incident_id) DO UPDATE SET wanted_phase = excluded.wanted_phase,
                            wanted_update = excluded.wanted_update, attempts = 0,
                            status = CASE WHEN statuspage_incident.status = 'sending' THEN 'sending' ELSE 'pending' END,
                            next_attempt_at = CASE WHEN statuspage_incident.status = 'sending'
                                                   THEN statuspage_incident.next_attempt_at ELSE now() END
                        WHERE statuspage_incident.wanted_phase IS DISTINCT FROM excluded.wanted_phase
                           OR statuspage_incident.wanted_update IS DISTINCT FROM excluded.wanted_update""")
                .params(incident.incidentId(), phase, views.latestUpdateId(incident.incidentId())).update();
    }

    private record Pending(UUID incidentId, String statuspageId, String wantedPhase, int attempts, long wantedUpdate) {
    }

    /**
     * Sends at most one request per run, and only when the shared slot is free: every instance ticks each
     * {@code interval}, and together they send one request per {@code interval}. The slot is held (at most one lease,
     * when the sender dies) while the request runs and freed one {@code interval} after it ended.
     */
    @Scheduled(fixedDelayString = "${tocsin.status-page.statuspage.interval:1s}")
    void syncOne() {
        if (!settings.statuspage().enabled()) {
            return;
        }
        Instant now = clock.instant();
        // One transaction: claim a due row, then the slot; when the slot is taken (another instance is sending), the
        // claim rolls back. The slot row's lock is the last one taken and is held only until the commit.
        Optional<Pending> next = Optional.ofNullable(tx.execute(status -> {
            Optional<Pending> claimed = jdbc.sql("""
                            UPDATE statuspage_incident SET status = 'sending', next_attempt_at = ?
                            WHERE incident_id = (SELECT incident_id FROM statuspage_incident
                                                 WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
                                                 ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                            RETURNING incident_id, statuspage_id, wanted_phase, attempts, coalesce(wanted_update, 0)""")
                    .params(Timestamp.from(now.plusSeconds(LEASE_SECONDS)), Timestamp.from(now))
                    .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getLong(5)))
                    .optional();
            if (claimed.isEmpty()) {
                return null;
            }
            boolean slot = jdbc.sql("""
                            UPDATE statuspage_pace SET next_allowed_at = clock_timestamp() + make_interval(secs => ?)
                            WHERE id = 1 AND next_allowed_at <= clock_timestamp()""")
                    .param(LEASE_SECONDS).update() == 1;
            if (!slot) {
                status.setRollbackOnly();
                return null;
            }
            return claimed.get();
        }));
        if (next.isEmpty()) {
            return;
        }
        try {
            send(next.get());
        } finally {
            // The next request may start one interval after this one ended, as a fixed delay across all instances:
            // Statuspage counts requests when they arrive, and this one arrived before it ended.
            jdbc.sql("UPDATE statuspage_pace SET next_allowed_at = clock_timestamp() + make_interval(secs => ?) WHERE id = 1")
                    .param(settings.statuspage().interval().toMillis() / 1000.0).update();
        }
    }

    private void send(Pending p) {
        IncidentView incident = views.find(p.incidentId()).orElseThrow();
        Map<String, Object> body = body(incident, p.wantedPhase());
        String page = settings.statuspage().pageId();
        try {
            if (p.statuspageId() == null) {
                JsonNode created = breaker.executeSupplier(() -> http.post().uri("pages/{page}/incidents", page)
                        .contentType(MediaType.APPLICATION_JSON).body(Map.of("incident", body)).retrieve().body(JsonNode.class));
                String id = created == null ? null : created.path("id").asString(null);
                jdbc.sql("UPDATE statuspage_incident SET statuspage_id = ? WHERE incident_id = ?").params(id, p.incidentId()).update();
            } else {
                breaker.executeSupplier(() -> http.patch().uri("pages/{page}/incidents/{id}", page, p.statuspageId())
                        .contentType(MediaType.APPLICATION_JSON).body(Map.of("incident", body)).retrieve().toBodilessEntity());
            }
            // A phase or an update wanted while this one was in flight is sent next.
            jdbc.sql("""
                            UPDATE statuspage_incident SET synced_phase = ?, synced_update = ?, last_error = NULL,
                                next_attempt_at = now(),
                                status = CASE WHEN wanted_phase = ? AND coalesce(wanted_update, 0) = ? THEN 'synced'
                                              ELSE 'pending' END
                            WHERE incident_id = ?""")
                    .params(p.wantedPhase(), p.wantedUpdate(), p.wantedPhase(), p.wantedUpdate(), p.incidentId()).update();
            meters.counter("tocsin.statuspage.requests", "outcome", "ok").increment();
        } catch (RestClientResponseException e) {
            HttpStatusCode code = e.getStatusCode();
            if (code.value() == 429 || code.is5xxServerError()) {
                retry(p, "HTTP " + code.value(), e.getResponseHeaders() == null ? null
                        : Backoff.retryAfter(e.getResponseHeaders().getFirst("Retry-After"), clock));
            } else {
                fail(p, "HTTP " + code.value() + ": " + truncate(e.getResponseBodyAsString()));
            }
        } catch (ResourceAccessException | CallNotPermittedException e) {
            retry(p, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private Map<String, Object> body(IncidentView incident, String phase) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", statusPage.publicTitle(incident));
        body.put("status", phase);
        List<IncidentViews.Update> updates = views.updatesOf(incident.incidentId());
        updates.stream().filter(u -> u.phase().equals(phase)).findFirst().ifPresent(u -> body.put("body", u.message()));
        String component = incident.labels().getOrDefault("status_page_component",
                incident.service() == null ? "" : incident.service());
        String componentId = settings.statuspage().componentIds().get(component);
        if (componentId != null) {
            body.put("component_ids", List.of(componentId));
            body.put("components", Map.of(componentId, "resolved".equals(phase) ? "operational"
                    : switch (incident.severity()) {
                        case "SEV1" -> "major_outage";
                        case "SEV2" -> "partial_outage";
                        default -> "degraded_performance";
                    }));
        }
        return body;
    }

    /** A retryable failure: the next attempt after the backoff ({@code retryAfter} when Statuspage sent one). */
    private void retry(Pending p, String reason, Duration retryAfter) {
        int attempts = p.attempts() + 1;
        if (attempts >= settings.statuspage().maxAttempts()) {
            fail(p, "gave up after " + attempts + " attempts: " + reason);
            return;
        }
        Instant next = clock.instant().plus(BACKOFF.after(attempts, retryAfter));
        jdbc.sql("""
                        UPDATE statuspage_incident SET status = 'pending', last_error = ?,
                            attempts = CASE WHEN wanted_phase = ? AND coalesce(wanted_update, 0) = ? THEN ? ELSE 0 END,
                            next_attempt_at = CASE WHEN wanted_phase = ? AND coalesce(wanted_update, 0) = ? THEN ? ELSE now() END
                        WHERE incident_id = ?""")
                .params(reason, p.wantedPhase(), p.wantedUpdate(), attempts, p.wantedPhase(), p.wantedUpdate(),
                        Timestamp.from(next), p.incidentId()).update();
        meters.counter("tocsin.statuspage.requests", "outcome", "retry").increment();
        log.info("statuspage.retry incident={} attempt={} reason=\"{}\"", p.incidentId(), attempts, reason);
    }

    private void fail(Pending p, String reason) {
        jdbc.sql("""
                        UPDATE statuspage_incident SET last_error = ?, next_attempt_at = now(),
                            status = CASE WHEN wanted_phase = ? AND coalesce(wanted_update, 0) = ? THEN 'failed' ELSE 'pending' END
                        WHERE incident_id = ?""")
                .params(reason, p.wantedPhase(), p.wantedUpdate(), p.incidentId()).update();
        meters.counter("tocsin.statuspage.requests", "outcome", "failed").increment();
        log.warn("statuspage.failed incident={} reason=\"{}\"", p.incidentId(), reason);
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
