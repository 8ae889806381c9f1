package io.tocsin.incident.console;

import io.tocsin.incident.incident.AlertView;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as the incident page shows it. Links come from the sender (Prometheus' {@code generatorURL}, the
 * {@code runbook_url} annotation); only {@code http} and {@code https} ones become links, so a label cannot smuggle a
 * {@code javascript:} URL into the page.
 *
 * @param labels     sorted by name
 * @param sourceUrl  the alert's expression in Prometheus, or {@code null}
 * @param runbookUrl the runbook to follow, or {@code null}
 */
record AlertRow(String status, String name, String summary, String severity, Map<String, String> labels,
                Instant startsAt, Instant endsAt, String sourceUrl, String runbookUrl) {

    static AlertRow of(AlertView a) {
        return new AlertRow(a.status(), a.labels().getOrDefault("alertname", ""),
                a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", "")), a.severity(),
                new TreeMap<>(a.labels()), a.startsAt(), a.endsAt(), web(a.generatorURL()),
                web(a.annotations().get("runbook_url")));
    }

    /** {@code url} when it is an absolute http(s) URL; {@code null} otherwise. */
    static String web(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
