package io.tocsin.incident.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.tocsin.common.web.ConstantTimeTokens;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer-token security for {@code /api/**}: tokens from {@link ApiSettings} map to roles
 * {@code ADMIN > RESPONDER > AUDITOR}. GET needs AUDITOR, POST needs RESPONDER, maintenance windows need ADMIN. 401 and 403 answer
 * with the JSON error shape. Health, Prometheus and the OpenAPI document are public.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    @Bean
    SecurityFilterChain apiSecurityChain(HttpSecurity http, ApiSettings settings) throws Exception {
        Map<String, String> roles = settings.rolesByToken();
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new BearerTokenFilter(roles), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/health", "/health/ready", "/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs", "/v3/api-docs/**", "/error").permitAll()
                        .requestMatchers("/api/v1/maintenance-windows", "/api/v1/maintenance-windows/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/**").hasRole("RESPONDER")
                        .anyRequest().hasRole("ADMIN"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> write(res, 401, "unauthorized",
                                "missing or invalid credentials: send Authorization: Bearer <token>"))
                        .accessDeniedHandler((req, res, ex) -> write(res, 403, "forbidden",
                                "your role may not " + req.getMethod() + " " + req.getRequestURI())));
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_RESPONDER\nROLE_RESPONDER > ROLE_AUDITOR");
    }

    private static void write(HttpServletResponse res, int status, String code, String message) throws IOException {
        res.setStatus(status);
        res.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == 401) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"tocsin\"");
        }
        res.getOutputStream().write(("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Authenticates {@code Authorization: Bearer <token>} against the configured tokens in constant time. */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private final ConstantTimeTokens tokens;
        private final List<String> roles;

        BearerTokenFilter(Map<String, String> rolesByToken) {
            this.tokens = new ConstantTimeTokens(List.copyOf(rolesByToken.keySet()));
            this.roles = List.copyOf(rolesByToken.values());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                int matched = tokens.indexOf(header.substring(7).strip());
                if (matched >= 0) {
                    var auth = new UsernamePasswordAuthenticationToken("token-" + (matched + 1), null,
                            List.of(new SimpleGrantedAuthority("ROLE_" + roles.get(matched))));
                    SecurityContextHolder.getContext().setAuthentication(auth);
                }
            }
            chain.doFilter(request, response);
        }
    }
}
