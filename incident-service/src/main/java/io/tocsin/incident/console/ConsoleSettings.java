package io.tocsin.incident.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tocsin.console.*}: how people sign in to the web console.
 *
 * @param oidc           the company's OpenID Connect provider; when its issuer is blank the console signs in with
 *                       one-time links instead (standalone, first run)
 * @param linkValidity   how long a one-time sign-in link works (default 1 h; {@code TOCSIN_CONSOLE_LINK_VALIDITY})
 * @param publicUrl      the console's base URL as people open it, for the printed sign-in link (default
 *                       {@code http://localhost:<port>}; {@code TOCSIN_CONSOLE_PUBLIC_URL})
 */
@ConfigurationProperties("tocsin.console")
public record ConsoleSettings(@DefaultValue Oidc oidc, @DefaultValue("1h") Duration linkValidity,
                              @DefaultValue("") String publicUrl) {

    /** The three console roles, as the REST API has them, highest first ({@code ADMIN > RESPONDER > AUDITOR}). */
    public static final List<String> ROLES = List.of("ADMIN", "RESPONDER", "AUDITOR");

    /** Whether sign-in goes through an OpenID Connect provider. */
    public boolean usesOidc() {
        return !oidc.issuerUri().isBlank();
    }

    /**
     * An OpenID Connect relying-party registration (Spring Security's OAuth2 client, authorization code flow).
     *
     * @param issuerUri    the provider's issuer; its {@code /.well-known/openid-configuration} is read at start-up
     *                     ({@code TOCSIN_CONSOLE_OIDC_ISSUER})
     * @param clientId     {@code TOCSIN_CONSOLE_OIDC_CLIENT_ID}
     * @param clientSecret {@code TOCSIN_CONSOLE_OIDC_CLIENT_SECRET}
     * @param rolesClaim   the ID token or user-info claim that lists a person's groups or roles (a string or an array;
     *                     default {@code groups}; {@code TOCSIN_CONSOLE_OIDC_ROLES_CLAIM})
     * @param roles        claim value → Tocsin role, e.g. {@code sre-leads=ADMIN,sre=RESPONDER,audit=AUDITOR}
     *                     ({@code TOCSIN_CONSOLE_OIDC_ROLES}); a person gets the highest role any of their values maps
     *                     to, and none when none maps (the console then refuses them, naming the claim)
     */
    public record Oidc(@DefaultValue("") String issuerUri, @DefaultValue("") String clientId,
                       @DefaultValue("") String clientSecret, @DefaultValue("groups") String rolesClaim,
                       @DefaultValue("") String roles) {

        /**
         * {@link #roles} parsed.
         *
         * @throws IllegalArgumentException naming the entry that is not {@code value=ROLE} with a known role
         */
        public Map<String, String> roleMapping() {
            Map<String, String> mapping = new LinkedHashMap<>();
            for (String entry : roles.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.lastIndexOf('=');
                String role = eq < 0 ? "" : entry.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
                if (eq <= 0 || !ROLES.contains(role)) {
                    throw new IllegalArgumentException("tocsin.console.oidc.roles (TOCSIN_CONSOLE_OIDC_ROLES): '"
                            + entry.strip() + "' is not <claim value>=AUDITOR|RESPONDER|ADMIN");
                }
                mapping.put(entry.substring(0, eq).strip(), role);
            }
            return mapping;
        }
    }
}
