package io.tocsin.incident.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API credentials, {@code tocsin.api.tokens} (env {@code TOCSIN_API_TOKENS}): comma-separated
 * {@code token=ROLE} pairs, role one of {@code AUDITOR} (read), {@code RESPONDER} (read, acknowledge,
 * resolve, notes), {@code ADMIN} (everything).
 */
@ConfigurationProperties("tocsin.api")
public record ApiSettings(@DefaultValue List<String> tokens) {

    static final Set<String> ROLES = Set.of("AUDITOR", "RESPONDER", "ADMIN");

    /**
     * Token → role.
     *
     * @throws IllegalArgumentException naming the malformed pair or unknown role (fails start-up)
     */
    public Map<String, String> rolesByToken() {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String pair : tokens == null ? List.<String>of() : tokens) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("tocsin.api.tokens: expected token=ROLE, got a pair without '='");
            }
            String role = pair.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("tocsin.api.tokens: unknown role '" + role + "', expected one of " + ROLES);
            }
            roles.put(pair.substring(0, eq).strip(), role);
        }
        return roles;
    }
}
