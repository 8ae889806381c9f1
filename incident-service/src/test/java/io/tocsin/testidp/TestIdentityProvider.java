package io.tocsin.testidp;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect provider for the console's tests: Spring Authorization Server (Spring Boot's auto-configured
 * one: discovery, authorization code flow with form login, JWKS, ID tokens) on a free port of localhost, with client
 * {@code tocsin}/{@code tocsin-secret} and three people whose ID tokens carry a {@code groups} claim: {@code alice}
 * (sre), {@code audrey} (audit) and {@code mallory} (marketing). Every password is {@code password}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestIdentityProvider {

    /** Who is in which group. */
    static final Map<String, List<String>> GROUPS = Map.of("alice", List.of("sre", "everyone"),
            "audrey", List.of("audit"), "mallory", List.of("marketing"));

    /**
     * Starts the provider.
     *
     * @param port         its port (its issuer is {@code http://localhost:<port>})
     * @param redirectUris the relying party's callback URLs, e.g. {@code http://localhost:8082/login/oauth2/code/oidc}
     */
    public static ConfigurableApplicationContext start(int port, String redirectUris) {
        return new SpringApplicationBuilder(TestIdentityProvider.class).properties(
                        "spring.config.name=test-idp",
                        "server.port=" + port,
                        "spring.main.banner-mode=off",
                        // The test classpath is incident-service's: no database, broker or metrics export here.
                        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                                + "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration,"
                                + "org.springframework.modulith.events.config.EventPublicationAutoConfiguration,"
                                + "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
                        "management.endpoints.access.default=none",
                        "management.otlp.metrics.export.enabled=false",
                        "management.tracing.export.enabled=false",
                        "spring.security.oauth2.authorizationserver.issuer=http://localhost:" + port,
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.client-id=tocsin",
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.client-secret={noop}tocsin-secret",
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.client-authentication-methods=client_secret_basic",
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.authorization-grant-types=authorization_code,refresh_token",
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.redirect-uris=" + redirectUris,
                        "spring.security.oauth2.authorizationserver.client.tocsin.registration.scopes=openid,profile,email",
                        "spring.security.oauth2.authorizationserver.client.tocsin.require-authorization-consent=false")
                .run();
    }

    @Bean
    UserDetailsService people() {
        return new InMemoryUserDetailsManager(GROUPS.keySet().stream()
                .map(name -> User.withUsername(name).password("{noop}password").roles("USER").build()).toList());
    }

    /** ID tokens say who someone is and which groups they are in, as Okta, Keycloak or Entra ID can be set to. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> groupsInIdTokens() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                String name = context.getPrincipal().getName();
                context.getClaims().claim("groups", GROUPS.getOrDefault(name, List.of()))
                        .claim("preferred_username", name);
            }
        };
    }
}
