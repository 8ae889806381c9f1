package io.tocsin.ingest.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.ingest.IngestSettings;
import io.tocsin.ingest.publish.AlertPublisher.BrokerUnavailableException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps failures to the design's error shape {@code {"error": code, "message": text}} and counts each
 * outcome in {@code tocsin_webhook_requests_total{outcome}}. Retryable conditions answer 503 with
 * {@code Retry-After} (Alertmanager retries 5xx and drops 4xx); bad input answers 4xx.
 */
@RestControllerAdvice
public class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final MeterRegistry meters;
    private final IngestSettings settings;

    ErrorResponses(MeterRegistry meters, IngestSettings settings) {
        this.meters = meters;
        this.settings = settings;
    }

    @ExceptionHandler(InvalidPayloadException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidPayloadException e) {
        log.info("webhook.rejected outcome=bad_request field={} reason=\"{}\"", e.field(), e.getMessage());
        return error(HttpStatus.BAD_REQUEST, "bad_request", "invalid_payload", e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Map<String, String>> tooLarge(PayloadTooLargeException e) {
        log.info("webhook.rejected outcome=too_large reason=\"{}\"", e.getMessage());
        return error(HttpStatus.CONTENT_TOO_LARGE, "too_large", "payload_too_large", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> mediaType(HttpMediaTypeNotSupportedException e) {
        String message = "Content-Type must be application/json, was "
                + (e.getContentType() == null ? "absent" : "'" + e.getContentType() + "'");
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "unsupported_media_type", message);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, String>> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method_not_allowed",
                "method " + e.getMethod() + " is not supported here; use POST");
    }

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<Map<String, String>> unavailable(BrokerUnavailableException e) {
        log.warn("webhook.deferred outcome=unavailable reason=\"{}\"", e.getMessage());
        meters.counter("tocsin.webhook.requests", "outcome", "unavailable").increment();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, settings.retryAfter().toSeconds())))
                .body(Map.of("error", "broker_unavailable", "message", e.getMessage()));
    }

    private ResponseEntity<Map<String, String>> error(HttpStatus status, String outcome, String code, String message) {
        meters.counter("tocsin.webhook.requests", "outcome", outcome).increment();
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}
