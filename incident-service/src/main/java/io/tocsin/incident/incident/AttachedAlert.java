package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Map;

/**
 * One alert episode of an incident as its changes report it.
 *
 * @param fingerprint  16 lowercase hex digits (Alertmanager's)
 * @param startsAt     the episode's start; with the fingerprint its identity
 * @param status       firing or resolved
 * @param labels       the alert's labels
 * @param annotations  the alert's annotations
 * @param generatorUrl link to the expression that fired it; empty when unknown, {@code null} when not carried
 */
public record AttachedAlert(String fingerprint, Instant startsAt, Alert.Status status, Map<String, String> labels,
                            Map<String, String> annotations, String generatorUrl) {
}
