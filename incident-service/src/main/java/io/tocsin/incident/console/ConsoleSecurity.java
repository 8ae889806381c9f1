package io.tocsin.incident.console;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ott.JdbcOneTimeTokenService;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * The console's own filter chain, before the REST API's bearer-token chain: a session (cookie {@code TOCSIN_SESSION},
 * {@code HttpOnly}, {@code Secure}, {@code SameSite=Lax}: the provider's redirect back is a cross-site navigation),
 * CSRF tokens on every form, GET for AUDITOR and above, POST (acknowledge, resolve, note, severity, declare) for
 * RESPONDER and above, maintenance windows' POSTs for ADMIN (as the API). Sign-in: OpenID Connect when {@link ConsoleSettings#usesOidc()} (Spring Security's OAuth2 client, roles from
 * {@link OidcRoles}); otherwise Spring Security's one-time-token login for the local {@link LocalSignIn#ADMIN}, whose
 * links {@link LocalSignIn} prints — tokens in {@code one_time_tokens} (V19), so a link works on every instance.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    /** Paths this chain owns; everything else is the REST API's. */
    static final String[] PATHS = {"/console", "/console/**", "/oauth2/**", "/login/oauth2/**"};

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, ConsoleSettings settings, LocalSignIn localSignIn) throws Exception {
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/login/**", "/console/static/**", "/console/expired",
                                "/console/denied").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/maintenance", "/console/maintenance/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/console/**").hasRole("RESPONDER")
                        .anyRequest().hasRole("AUDITOR"))
                .exceptionHandling(e -> e.authenticationEntryPoint(ConsoleSecurity::signInFirst)
                        .accessDeniedHandler(ConsoleSecurity::refused))
                // The list's htmx refreshes are no place to return to after signing in.
                .requestCache(c -> c.requestCache(pagesOnly()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")));
        if (settings.usesOidc()) {
            ConsoleSettings.Oidc oidc = settings.oidc();
            oidc.roleMapping(); // fails start-up naming a bad entry
            ClientRegistration registration = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                    .registrationId("oidc").clientId(oidc.clientId()).clientSecret(oidc.clientSecret())
                    .scope("openid", "profile", "email").build();
            http.oauth2Login(o -> o.loginPage("/console/login")
                    .clientRegistrationRepository(new InMemoryClientRegistrationRepository(registration))
                    .userInfoEndpoint(u -> u.oidcUserService(new OidcRoles(oidc)))
                    .defaultSuccessUrl("/console/incidents")
                    .failureHandler(new SimpleUrlAuthenticationFailureHandler("/console/login?failed")));
            // Signing out ends the provider's session too (RP-initiated logout) where it offers an end_session_endpoint.
            var providerLogout = new org.springframework.security.oauth2.client.oidc.web.logout
                    .OidcClientInitiatedLogoutSuccessHandler(new InMemoryClientRegistrationRepository(registration));
            providerLogout.setPostLogoutRedirectUri("{baseUrl}/console/login?signedOut");
            http.logout(l -> l.logoutUrl("/console/logout").logoutSuccessHandler(providerLogout)
                    .deleteCookies("TOCSIN_SESSION"));
        } else {
            http.logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?signedOut")
                    .deleteCookies("TOCSIN_SESSION"));
            http.oneTimeTokenLogin(ott -> ott.tokenService(localSignIn.tokens())
                    .generateRequestResolver(localSignIn)
                    .tokenGeneratingUrl("/console/login/link")
                    .tokenGenerationSuccessHandler(localSignIn)
                    .loginProcessingUrl("/console/login/ott")
                    .showDefaultSubmitPage(false) // ConsolePages renders it, in the console's style
                    .loginPage("/console/login")
                    .authenticationSuccessHandler((req, res, auth) -> res.sendRedirect("/console/incidents"))
                    .authenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler("/console/login?failed")));
        }
        return http.build();
    }

    /** htmx's background requests get 401 and {@code HX-Redirect} (htmx then loads the sign-in page); pages a redirect. */
    private static void signInFirst(jakarta.servlet.http.HttpServletRequest request,
                                    jakarta.servlet.http.HttpServletResponse response,
                                    org.springframework.security.core.AuthenticationException e) throws java.io.IOException {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", "/console/login");
            response.sendError(401);
            return;
        }
        response.sendRedirect("/console/login");
    }

    /** A form whose CSRF token is missing or stale (the session ended): sign in again; else the role may not. */
    private static void refused(jakarta.servlet.http.HttpServletRequest request,
                                jakarta.servlet.http.HttpServletResponse response,
                                org.springframework.security.access.AccessDeniedException e)
            throws java.io.IOException, jakarta.servlet.ServletException {
        if (e instanceof org.springframework.security.web.csrf.CsrfException) {
            response.setStatus(403);
            request.getRequestDispatcher("/console/expired").forward(request, response);
            return;
        }
        response.setStatus(403);
        request.getRequestDispatcher("/console/denied").forward(request, response);
    }

    /** Remembers where a person was going, but only for pages, not htmx's fragment requests. */
    private static org.springframework.security.web.savedrequest.RequestCache pagesOnly() {
        var cache = new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        cache.setRequestMatcher(request -> request.getHeader("HX-Request") == null
                && "GET".equals(request.getMethod()));
        return cache;
    }

    /** Spring Security's one-time tokens in {@code one_time_tokens}; it deletes expired ones hourly (idempotent). */
    @Bean
    JdbcOneTimeTokenService consoleOneTimeTokens(JdbcTemplate jdbc) {
        return new JdbcOneTimeTokenService(jdbc);
    }

    /**
     * The console's only local person, {@link LocalSignIn#ADMIN}, for one-time-token sign-in. No password signs them
     * in: the one generated here is never shown, and the console has no password form.
     */
    @Bean
    UserDetailsService consoleLocalPeople() {
        return new InMemoryUserDetailsManager(List.of(User.withUsername(LocalSignIn.ADMIN)
                .password("{noop}" + java.util.UUID.randomUUID()).roles("ADMIN").build()));
    }

    @Bean
    LocalSignIn localSignIn(ConsoleSettings settings, JdbcOneTimeTokenService tokens,
                            org.springframework.core.env.Environment environment) {
        return new LocalSignIn(settings, tokens, environment);
    }
}
