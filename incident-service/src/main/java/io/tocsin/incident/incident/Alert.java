package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An alert notification as triage sees it, whatever its source: Alertmanager's webhook (mapped from the wire by
 * messaging), a silent heartbeat, a backup verification verdict.
 *
 * @param eventId      id of the message that carried it
 * @param fingerprint  16 lowercase hex digits, FNV-1a 64 over the sorted labels, as Alertmanager computes it
 * @param status       firing or resolved
 * @param labels       the alert's labels ({@code alertname}, {@code severity}, {@code service} …)
 * @param annotations  {@code summary}, {@code description}, {@code runbook_url} …
 * @param startsAt     the episode's start; with the fingerprint the alert's identity
 * @param endsAt       the end a resolved notification reports; {@code null} while firing
 * @param generatorUrl link to the expression that fired it; empty when unknown
 * @param groupKey     Alertmanager's group key, or the source's own ({@code heartbeat:<name>}, {@code backup:<db>})
 * @param receiver     the Alertmanager receiver; empty for other sources
 * @param externalUrl  the Alertmanager that sent it (asked by reconciliation); empty for other sources
 * @param source       {@code alertmanager}, {@code pagerduty}, {@code system}, {@code backup-verifier}
 * @param receivedAt   when it reached Tocsin; {@code null} when the source did not say
 * @param occurredAt   when its message was written
 */
public record Alert(UUID eventId, String fingerprint, Status status, Map<String, String> labels,
                    Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorUrl,
                    String groupKey, String receiver, String externalUrl, String source, Instant receivedAt,
                    Instant occurredAt) {

    /** Firing or resolved, as Alertmanager reports it. */
    public enum Status { FIRING, RESOLVED }

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    /**
     * Whether the source names this alert by a key alone, without episodes: PagerDuty's {@code dedup_key} (source
     * {@code pagerduty}). A trigger while it fires is the same alert; a resolve ends it whatever its start.
     */
    public boolean keyedOnly() {
        return "pagerduty".equals(source);
    }

    /** {@code fingerprint@startsAt}: one episode of one alert. */
    public String identity() {
        return fingerprint + '@' + startsAt;
    }

    /** The {@code alertname} label, else the fingerprint. */
    public String name() {
        return labels.getOrDefault("alertname", fingerprint);
    }

    /** The {@code summary} annotation, else "alertname on service", else the alertname: a new incident's title. */
    public String title() {
        String summary = annotations.get("summary");
        if (summary != null && !summary.isBlank()) {
            return summary.strip();
        }
        String service = labels.get("service");
        return service == null || service.isBlank() ? name() : name() + " on " + service;
    }

    /** This alert as an incident's change reports it, for the episode {@code episodeStart}. */
    public AttachedAlert attached(Instant episodeStart, Status as) {
        return new AttachedAlert(fingerprint, episodeStart, as, labels, annotations, generatorUrl);
    }
}
