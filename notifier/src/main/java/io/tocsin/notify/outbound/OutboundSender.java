package io.tocsin.notify.outbound;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.notify.delivery.Backoff;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers {@link Outbound}'s queue ({@code outbound_delivery}) from every instance: a due row is claimed by marking
 * it {@code sending} with its next attempt one lease ({@value #LEASE_SECONDS} s) ahead ({@code FOR UPDATE SKIP
 * LOCKED}), and only when no earlier delivery of the same incident to the same destination is still open, so PagerDuty
 * sees {@code trigger} before {@code acknowledge} before {@code resolve} however many instances send. No transaction
 * is open while the destination answers; an instance that dies mid-request leaves the row to be claimed again when the
 * lease ends (at least once: PagerDuty deduplicates by {@code dedup_key}, webhook receivers by {@code id}). Each claim
 * writes a fresh {@code claim} token and only its holder may record the outcome, so a sender that outlived its lease
 * cannot turn a delivery another instance finished back into pending. Requests are bounded (5 s connect, 10 s read)
 * well inside the lease; a request that still outlives it may be sent twice and, across the two, out of order.
 *
 * <p>2xx is sent; network errors, timeouts, 408, 429 (with its {@code Retry-After}) and 5xx are retried with
 * {@link Backoff} up to {@code max-attempts}; any other answer fails the delivery at once, logged
 * ({@code outbound.failed}) and counted ({@code tocsin_outbound_deliveries_total{destination,outcome}}).
 */
@Component
class OutboundSender {

    static final int LEASE_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);
    private static final int PER_TICK = 50;

    private final JdbcClient jdbc;
    private final OutboundSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Backoff backoff;
    private final RestClient http;
    private final Map<String, CircuitBreaker> breakers;

    OutboundSender(JdbcClient jdbc, OutboundSettings settings, Clock clock, MeterRegistry meters,
                   CircuitBreakerRegistry breakers) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.backoff = new Backoff(settings.backoff(), settings.maxBackoff());
        this.breakers = Map.of("webhook", breakers.circuitBreaker("outbound-webhook"),
                "pagerduty", breakers.circuitBreaker("outbound-pagerduty"));
        for (String destination : List.of("webhook", "pagerduty")) {
            for (String outcome : List.of("sent", "retry", "failed")) {
                meters.counter("tocsin.outbound.deliveries", "destination", destination, "outcome", outcome);
            }
        }
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    private record Delivery(long id, String destination, UUID incidentId, String route, String body, int attempts,
                            UUID claim) {
    }

    /** Sends what is due, at most {@value #PER_TICK} deliveries per tick and instance. */
    @Scheduled(fixedDelayString = "${tocsin.outbound.interval:1s}")
    void deliverDue() {
        if (!settings.webhook().enabled() && !settings.pagerduty().enabled()) {
            return;
        }
        for (int i = 0; i < PER_TICK; i++) {
            Optional<Delivery> next = claim(clock.instant());
            if (next.isEmpty()) {
                return;
            }
            send(next.get());
        }
    }

    private Optional<Delivery> claim(Instant now) {
        UUID claim = UUID.randomUUID();
        return jdbc.sql("""
                        UPDATE outbound_delivery SET status = 'sending', next_attempt_at = ?, claim = ?
                        WHERE id = (SELECT d.id FROM outbound_delivery d
                                    WHERE d.status IN ('pending', 'sending') AND d.next_attempt_at <= ?
                                      AND NOT EXISTS (SELECT 1 FROM outbound_delivery e
                                                      WHERE e.destination = d.destination AND e.incident_id = d.incident_id
                                                        AND e.id < d.id AND e.status IN ('pending', 'sending'))
                                    ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING id, destination, incident_id, route, body, attempts""")
                .params(Timestamp.from(now.plusSeconds(LEASE_SECONDS)), claim, Timestamp.from(now))
                .query((rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getInt(6), claim))
                .optional();
    }

    private void send(Delivery d) {
        CircuitBreaker breaker = breakers.get(d.destination());
        try {
            switch (d.destination()) {
                case "pagerduty" -> {
                    String routingKey = settings.pagerduty().routingKeyFor(d.route());
                    if (!settings.pagerduty().enabled() || routingKey == null) {
                        fail(d, "PagerDuty is no longer configured for service " + d.route());
                        return;
                    }
                    ObjectNode event = (ObjectNode) TocsinJson.mapper().readTree(d.body());
                    event.put("routing_key", routingKey);
                    String body = TocsinJson.mapper().writeValueAsString(event);
                    breaker.executeRunnable(() -> http.post().uri(settings.pagerduty().apiUrl())
                            .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity());
                }
                case "webhook" -> {
                    if (!settings.webhook().enabled()) {
                        fail(d, "the outgoing webhook is no longer configured");
                        return;
                    }
                    long timestamp = clock.instant().getEpochSecond();
                    String secret = settings.webhook().secret() == null ? "" : settings.webhook().secret();
                    breaker.executeRunnable(() -> http.post().uri(settings.webhook().url())
                            .contentType(MediaType.APPLICATION_JSON)
                            .header(WebhookSignature.TIMESTAMP, String.valueOf(timestamp))
                            .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, timestamp, d.body()))
                            .body(d.body()).retrieve().toBodilessEntity());
                }
                default -> {
                    fail(d, "unknown destination " + d.destination());
                    return;
                }
            }
            jdbc.sql("""
                            UPDATE outbound_delivery SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
                            WHERE id = ? AND claim = ?""")
                    .params(Timestamp.from(clock.instant()), d.id(), d.claim()).update();
            meters.counter("tocsin.outbound.deliveries", "destination", d.destination(), "outcome", "sent").increment();
        } catch (RestClientResponseException e) {
            HttpStatusCode code = e.getStatusCode();
            if (code.value() == 408 || code.value() == 429 || code.is5xxServerError()) {
                retry(d, "HTTP " + code.value(), e.getResponseHeaders() == null ? null
                        : Backoff.retryAfter(e.getResponseHeaders().getFirst("Retry-After"), clock));
            } else {
                fail(d, "HTTP " + code.value() + ": " + truncate(e.getResponseBodyAsString()));
            }
        } catch (ResourceAccessException | CallNotPermittedException e) {
            retry(d, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } catch (RuntimeException e) {
            // Anything else (a malformed URL, a body that cannot be built) will not get better by itself: fail it, so
            // the incident's later deliveries are not held behind it.
            fail(d, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void retry(Delivery d, String reason, Duration retryAfter) {
        int attempts = d.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            fail(d, "gave up after " + attempts + " attempts: " + reason);
            return;
        }
        Instant next = clock.instant().plus(backoff.after(attempts, retryAfter));
        jdbc.sql("""
                        UPDATE outbound_delivery SET status = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?
                        WHERE id = ? AND claim = ? AND status = 'sending'""")
                .params(attempts, Timestamp.from(next), reason, d.id(), d.claim()).update();
        meters.counter("tocsin.outbound.deliveries", "destination", d.destination(), "outcome", "retry").increment();
        log.info("outbound.retry destination={} incident={} attempt={} reason=\"{}\"", d.destination(), d.incidentId(),
                attempts, reason);
    }

    private void fail(Delivery d, String reason) {
        jdbc.sql("""
                        UPDATE outbound_delivery SET status = 'failed', attempts = attempts + 1, last_error = ?
                        WHERE id = ? AND claim = ? AND status = 'sending'""")
                .params(reason, d.id(), d.claim()).update();
        meters.counter("tocsin.outbound.deliveries", "destination", d.destination(), "outcome", "failed").increment();
        log.warn("outbound.failed destination={} incident={} reason=\"{}\"", d.destination(), d.incidentId(), reason);
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
