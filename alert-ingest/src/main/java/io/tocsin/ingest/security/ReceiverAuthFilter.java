package io.tocsin.ingest.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.platform.web.ConstantTimeTokens;
import io.tocsin.ingest.IngestSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/v1/alerts/**} except PagerDuty's ({@code /api/v1/alerts/pagerduty*}, authenticated by the routing
 * key in the body, as at PagerDuty): accepts {@code Authorization: Bearer <token>} or HTTP basic
 * whose password is a token (Alertmanager's {@code http_config} {@code authorization} or
 * {@code basic_auth}); anything else is 401 with a JSON error before the body is read.
 * {@code tocsin.ingest.auth-enabled=false} lets every request through (local use only).
 */
@Component
class ReceiverAuthFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ReceiverAuthFilter.class);

    private final ConstantTimeTokens tokens;
    private final boolean enabled;
    private final MeterRegistry meters;

    ReceiverAuthFilter(IngestSettings settings, MeterRegistry meters) {
        this.tokens = new ConstantTimeTokens(settings.tokens());
        this.enabled = settings.authEnabled();
        this.meters = meters;
        if (enabled && tokens.isEmpty()) {
            log.warn("ingest.auth enabled but tocsin.ingest.tokens is empty: every webhook will get 401");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // PagerDuty events carry their credential in the body (the routing key): PagerDutyEventsController checks it.
        return !enabled || !request.getRequestURI().startsWith("/api/v1/alerts/")
                || request.getRequestURI().startsWith("/api/v1/alerts/pagerduty");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tokens.matches(credential(request.getHeader(HttpHeaders.AUTHORIZATION)))) {
            chain.doFilter(request, response);
            return;
        }
        meters.counter("tocsin.webhook.requests", "outcome", "unauthorized").increment();
        log.info("webhook.rejected outcome=unauthorized remote={}", request.getRemoteAddr());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tocsin\", Basic realm=\"tocsin\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(("{\"error\":\"unauthorized\",\"message\":\"missing or invalid credentials: "
                + "send Authorization: Bearer <token> (or HTTP basic with the token as password)\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The secret of a Bearer or Basic header, or {@code null}. */
    static String credential(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).strip();
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
