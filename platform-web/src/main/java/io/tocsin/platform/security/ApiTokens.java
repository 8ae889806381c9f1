package io.tocsin.platform.security;

import io.tocsin.platform.web.ConstantTimeTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API credentials of every Tocsin service, {@code tocsin.api.tokens} (env {@code TOCSIN_API_TOKENS}): comma-separated
 * {@code [name:]token=ROLE} entries, e.g. {@code grafana:s3cret=AUDITOR,oncall-bot:t0ken=RESPONDER}. The role is one of
 * {@code AUDITOR} (reads), {@code RESPONDER} (also acts: acknowledge, resolve, notes, start a backup verification),
 * {@code ADMIN} (also configures: maintenance windows). The name is who the token stands for: actors recorded for its
 * requests are {@code api:<name>}; without one it is {@code token-<n>} (1-based position). Tokens are compared in
 * constant time.
 */
public final class ApiTokens {

    /** The roles, each including the ones after it. */
    public static final Set<String> ROLES = Set.of("AUDITOR", "RESPONDER", "ADMIN");

    /** Who a token stands for and what it may do. */
    public record Holder(String name, String role) {
    }

    private final ConstantTimeTokens secrets;
    private final List<Holder> holders;

    private ApiTokens(List<String> secrets, List<Holder> holders) {
        this.secrets = new ConstantTimeTokens(secrets);
        this.holders = List.copyOf(holders);
    }

    /**
     * Parses the entries.
     *
     * @throws IllegalArgumentException naming the malformed entry's position or the unknown role (fails start-up);
     *                                  never the secret itself
     */
    public static ApiTokens parse(List<String> entries) {
        List<String> secrets = new ArrayList<>();
        List<Holder> holders = new ArrayList<>();
        int position = 0;
        for (String entry : entries == null ? List.<String>of() : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            position++;
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("tocsin.api.tokens: entry " + position
                        + " is not [name:]token=ROLE (no '=' or nothing around it)");
            }
            String role = entry.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("tocsin.api.tokens: entry " + position + " has unknown role '" + role
                        + "', expected one of AUDITOR, RESPONDER, ADMIN");
            }
            String credential = entry.substring(0, eq).strip();
            int colon = credential.indexOf(':');
            String name = colon > 0 ? credential.substring(0, colon).strip() : "token-" + position;
            String secret = colon > 0 ? credential.substring(colon + 1).strip() : credential;
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("tocsin.api.tokens: entry " + position + " (" + name + ") has an empty token");
            }
            secrets.add(secret);
            holders.add(new Holder(name, role));
        }
        return new ApiTokens(secrets, holders);
    }

    /** Who presented {@code token}, if it is one of the configured tokens. */
    public Optional<Holder> authenticate(String token) {
        int index = secrets.indexOf(token);
        return index < 0 ? Optional.empty() : Optional.of(holders.get(index));
    }

    /** Whether no token is configured (then every protected request is refused). */
    public boolean isEmpty() {
        return holders.isEmpty();
    }
}
