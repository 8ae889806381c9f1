package io.tocsin.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one bearer-token security of every Tocsin HTTP API (issue 14; design.md, HTTP contracts), built on Spring
 * Security. {@code Authorization: Bearer <token>} is checked against {@link ApiTokens}; the principal's name is the
 * token's name and its authority {@code ROLE_<role>}, with {@code ADMIN > RESPONDER > AUDITOR}
 * ({@link #roleHierarchy()}). Health, readiness, {@code /actuator/prometheus}, the OpenAPI document and Spring's
 * {@code /error} are public, plus what a service names (the status page, Slack's signed endpoints, the
 * Alertmanager webhook with its own receiver token). A service adds its own rules; anything it does not name needs
 * ADMIN. 401 and 403 answer with the JSON error shape {@code {"error", "message"}} and 401 with
 * {@code WWW-Authenticate: Bearer realm="tocsin"}.
 */
public final class ApiSecurity {

    private static final List<String> ALWAYS_PUBLIC = List.of("/health", "/health/ready", "/actuator/health/**",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/error");

    private ApiSecurity() {
    }

    /**
     * Builds the service's filter chain.
     *
     * @param publicPaths further paths that need no token (Ant-style patterns)
     * @param rules       the service's own rules, e.g. {@code a -> a.requestMatchers(HttpMethod.GET, "/api/**").hasRole("AUDITOR")}
     */
    public static SecurityFilterChain chain(HttpSecurity http, ApiTokens tokens, List<String> publicPaths,
                                            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(publicPaths);
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> {
                    a.requestMatchers(open.toArray(String[]::new)).permitAll();
                    rules.customize(a);
                    a.anyRequest().hasRole("ADMIN");
                })
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> write(res, 401, "unauthorized",
                                "missing or invalid credentials: send Authorization: Bearer <token>"))
                        .accessDeniedHandler((req, res, ex) -> write(res, 403, "forbidden",
                                "your role may not " + req.getMethod() + " " + req.getRequestURI())));
        return http.build();
    }

    /** {@code ADMIN > RESPONDER > AUDITOR}: declare it as a static {@code @Bean} in the service. */
    public static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_RESPONDER\nROLE_RESPONDER > ROLE_AUDITOR");
    }

    private static void write(HttpServletResponse res, int status, String code, String message) throws IOException {
        res.setStatus(status);
        res.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == 401) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"tocsin\"");
        }
        res.getOutputStream().write(("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
                .replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Authenticates {@code Authorization: Bearer <token>}; on a {@code GET} of an iCalendar feed ({@code *.ics}) also
     * {@code ?access_token=<token>} (RFC 6750 2.3), because calendar apps subscribe to a URL and cannot send headers —
     * an AUDITOR token only: a URL ends up in calendar providers and proxies, so a token that can change anything is
     * refused there. Anything else stays anonymous.
     */
    private static final class BearerTokenFilter extends OncePerRequestFilter {

        private final ApiTokens tokens;

        BearerTokenFilter(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            String token = null;
            boolean inUrl = false;
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = header.substring(7).strip();
            } else if ("GET".equals(request.getMethod()) && request.getRequestURI().endsWith(".ics")) {
                token = request.getParameter("access_token");
                inUrl = true;
            }
            if (token != null && !token.isBlank()) {
                boolean feedOnly = inUrl;
                tokens.authenticate(token.strip()).filter(holder -> !feedOnly || "AUDITOR".equals(holder.role()))
                        .ifPresent(holder -> SecurityContextHolder.getContext()
                        .setAuthentication(new UsernamePasswordAuthenticationToken(holder.name(), null,
                                List.of(new SimpleGrantedAuthority("ROLE_" + holder.role())))));
            }
            chain.doFilter(request, response);
        }
    }
}
