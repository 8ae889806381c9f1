package io.tocsin.incident.incident;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Incident severity, {@link #SEV1} the worst (full outage or data loss) to {@link #SEV4}
 * (cosmetic / internal), after the seed runbooks' severity matrix (P1–P4).
 */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4;

    /** Whether this severity is worse (more urgent) than {@code other}. */
    public boolean isWorseThan(Severity other) {
        return ordinal() < other.ordinal();
    }

    /** The worse of two severities. */
    public static Severity worst(Severity a, Severity b) {
        return a.isWorseThan(b) ? a : b;
    }

    /**
     * Parses {@code SEV1}…{@code SEV4}, {@code P1}…{@code P4} or {@code 1}…{@code 4}, case-insensitively.
     *
     * @return empty for anything else
     */
    public static Optional<Severity> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.startsWith("SEV")) {
            v = v.substring(3);
        } else if (v.startsWith("P")) {
            v = v.substring(1);
        }
        return switch (v) {
            case "1" -> Optional.of(SEV1);
            case "2" -> Optional.of(SEV2);
            case "3" -> Optional.of(SEV3);
            case "4" -> Optional.of(SEV4);
            default -> Optional.empty();
        };
    }

    /**
     * The severity of an alert (design.md, Incident model): the {@code incident_severity} label when it
     * parses, else the {@code severity} label through {@code mapping} (default {@code critical → SEV2}, {@code error → SEV2},
     * {@code warning → SEV3}, {@code info → SEV4}), else {@code fallback}.
     */
    public static Severity ofAlert(Map<String, String> labels, Map<String, Severity> mapping, Severity fallback) {
        Optional<Severity> override = parse(labels.get("incident_severity"));
        if (override.isPresent()) {
            return override.get();
        }
        String label = labels.get("severity");
        if (label != null) {
            Severity mapped = mapping.get(label.strip().toLowerCase(Locale.ROOT));
            if (mapped != null) {
                return mapped;
            }
        }
        return fallback;
    }
}
