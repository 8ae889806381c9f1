package io.tocsin.incident.reconcile;

import io.tocsin.contracts.json.TocsinJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Alertmanager's API v2 {@code GET /api/v2/alerts} (prometheus/alertmanager api/v2/openapi.yaml): the alerts it holds
 * unresolved — active, silenced, inhibited or unprocessed — filtered by label matchers. Read-only and retried by the
 * next reconciliation, so it has no retry of its own.
 */
final class AlertmanagerClient {

    /** One alert Alertmanager holds: its fingerprint and the {@code startsAt} it keeps (the earliest of merged ones). */
    record HeldAlert(String fingerprint, Instant startsAt) {
    }

    /** Alertmanager did not answer, or answered something other than 200 with a JSON array. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    AlertmanagerClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The unresolved alerts whose labels equal {@code matchers}.
     *
     * @param externalUrl the Alertmanager's {@code externalURL} from its webhook, e.g. {@code http://am:9093} or
     *                    {@code http://host/alertmanager}
     * @throws Unreachable naming the URL and what went wrong
     */
    List<HeldAlert> alerts(String externalUrl, Map<String, String> matchers, Instant now) throws Unreachable {
        String base = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        String query = matchers.entrySet().stream()
                .map(e -> "filter=" + URLEncoder.encode(e.getKey() + "=\"" + escape(e.getValue()) + "\"", StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri;
        try {
            uri = URI.create(base + "/api/v2/alerts" + (query.isEmpty() ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            throw new Unreachable("not a URL: " + externalUrl, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new Unreachable("not an http(s) URL: " + externalUrl, null); // only Alertmanager's API is asked
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(uri + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new Unreachable(uri + " answered " + response.statusCode(), null);
        }
        JsonNode body;
        try {
            body = TocsinJson.mapper().readTree(response.body());
        } catch (RuntimeException e) {
            throw new Unreachable(uri + " answered no JSON", e); // never the body in a log line
        }
        if (!body.isArray()) {
            throw new Unreachable(uri + " answered no alert list", null);
        }
        List<HeldAlert> held = new ArrayList<>();
        for (JsonNode alert : body) {
            Instant endsAt = instant(alert.path("endsAt").asString(""));
            boolean resolved = "resolved".equals(alert.path("status").path("state").asString(""))
                    || (endsAt != null && endsAt.isBefore(now));
            Instant startsAt = instant(alert.path("startsAt").asString(""));
            if (!resolved && startsAt != null) {
                held.add(new HeldAlert(alert.path("fingerprint").asString(""), startsAt));
            }
        }
        return held;
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
