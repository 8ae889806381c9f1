package io.tocsin.ingest.pagerduty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PagerDuty integration keys Tocsin accepts and the service each names, {@code tocsin.ingest.pagerduty.*}.
 *
 * @param integrations {@code <routing_key>=<service>} entries ({@code TOCSIN_INGEST_PAGERDUTY_INTEGRATIONS},
 *                     comma-separated): a routing key is 32 characters of letters and digits, as PagerDuty's integration
 *                     keys are; a service is the {@code service} label the alerts and changes of that key get. Checked
 *                     at start-up; an error names the entry.
 */
@ConfigurationProperties("tocsin.ingest.pagerduty")
public record PagerDutyIntegrations(@DefaultValue List<String> integrations) {

    /** The length of a PagerDuty integration key. */
    public static final int ROUTING_KEY_LENGTH = 32;

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code <32-character key>=<service>} or that
     *                                  repeats a key
     */
    public PagerDutyIntegrations {
        integrations = integrations == null ? List.of()
                : integrations.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < integrations.size(); i++) {
            String entry = integrations.get(i);
            int eq = entry.indexOf('=');
            String where = "tocsin.ingest.pagerduty.integrations[" + i + "]";
            if (eq < 0) {
                throw new IllegalArgumentException(where + ": must be <routing_key>=<service>, was '" + redacted(entry) + "'");
            }
            String key = entry.substring(0, eq).strip();
            String service = entry.substring(eq + 1).strip();
            if (key.length() != ROUTING_KEY_LENGTH || !key.chars().allMatch(Character::isLetterOrDigit)) {
                throw new IllegalArgumentException(where + ": the routing key must be " + ROUTING_KEY_LENGTH
                        + " letters and digits (a PagerDuty integration key), was " + key.length() + " characters");
            }
            if (service.isEmpty()) {
                throw new IllegalArgumentException(where + ": the service after '=' is empty");
            }
            if (seen.put(key, service) != null) {
                throw new IllegalArgumentException(where + ": routing key " + redacted(key) + " is listed twice");
            }
        }
    }

    /** The service of a routing key; empty for a key this Tocsin does not know. */
    public Optional<String> service(String routingKey) {
        for (String entry : integrations) {
            int eq = entry.indexOf('=');
            if (entry.substring(0, eq).strip().equals(routingKey)) {
                return Optional.of(entry.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The first four characters of a key, for messages and logs: keys are credentials. */
    static String redacted(String key) {
        return key.length() <= 4 ? "****" : key.substring(0, 4) + "…";
    }
}
