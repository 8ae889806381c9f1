package io.tocsin.incident.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every read of the auditor API (GET {@code /api/v1/**}) and of the web console's pages (GET {@code /console/**})
 * with the principal (an API token's name; {@code console:<name>} for a console session, as on the timeline;
 * {@code anonymous}): durably in {@code read_access} ({@link ReadAccesses}, what auditors list) and to logger
 * {@code io.tocsin.audit.access}: {@code audit.read principal=token-2 path=/api/v1/incidents/INC-7/timeline
 * query=… status=200} — who looked at what. The status is the one answered, or for a read Spring Security refused
 * 401 (not signed in; the console answers it with a redirect to sign in) and 403 (a role that may not). Query strings
 * carry filters; credentials in them ({@code access_token}, a sign-in link's {@code token}, an OIDC {@code code} and
 * {@code state}) are redacted. The console list's automatic refresh (an htmx
 * request, {@code HX-Request: true}) is recorded as such. A read the database cannot record is still answered, and
 * its log line says so.
 */
@Component
class ReadAccessLog extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("io.tocsin.audit.access");
    /**
     * Query parameters that are credentials, never recorded: a calendar feed's {@code access_token}, a one-time sign-in
     * link's {@code token} (valid until its form is posted: whoever reads it signs in), an OpenID Connect callback's
     * {@code code} and {@code state}.
     */
    private static final java.util.regex.Pattern SECRETS = java.util.regex.Pattern.compile(
            "(^|&)(access_token|token|code|state)=[^&]*");

    private final ReadAccesses reads;

    ReadAccessLog(ReadAccesses reads) {
        this.reads = reads;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isRead(request);
    }

    /** A GET of the API ({@code /api/v1/**}) or of a console page ({@code /console/**} but its static files). */
    static boolean isRead(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "GET".equals(request.getMethod())
                && (path.startsWith("/api/v1/") || path.startsWith("/console/") && !path.startsWith("/console/static/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            record(request, SecurityContextHolder.getContext().getAuthentication(), response.getStatus());
        }
    }

    /**
     * Records one read: in {@code read_access} and as an {@code audit.read} log line (which says {@code recorded=false}
     * and why when the database could not take it; the read is answered all the same).
     */
    void record(HttpServletRequest request, Authentication auth, int status) {
        // A console session's person as on the timeline (console:<name>), apart from an API token of that name.
        String principal = auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken ? "anonymous"
                : request.getRequestURI().startsWith("/console/") ? "console:" + auth.getName() : auth.getName();
        String query = request.getQueryString() == null ? "" : SECRETS.matcher(request.getQueryString()).replaceAll("$1$2=[redacted]");
        boolean refresh = "true".equals(request.getHeader("HX-Request"));
        String recorded = "true";
        try {
            reads.record(principal, request.getRequestURI(), query, status, refresh);
        } catch (RuntimeException e) {
            recorded = "false reason=\"" + e.getMessage() + "\"";
        }
        access.info("audit.read principal={} path={} query=\"{}\" status={} refresh={} recorded={}", principal,
                request.getRequestURI(), query, status, refresh, recorded);
    }

    /**
     * A read Spring Security refused (no session or token: 401, a role that may not: 403) never reaches this filter,
     * which runs after the security chains: it is recorded from the refusal, so that attempts show too. Spring Security
     * publishes refusals once an {@link AuthorizationEventPublisher} bean exists ({@link #refusals}).
     */
    @EventListener
    void refused(AuthorizationDeniedEvent<?> denied) {
        if (denied.getSource() instanceof HttpServletRequest request && isRead(request)) {
            Authentication auth = denied.getAuthentication().get();
            boolean anonymous = auth == null || auth instanceof AnonymousAuthenticationToken;
            record(request, auth, anonymous ? 401 : 403);
        }
    }

    /** Has Spring Security publish refused requests ({@link #refused}); granted ones are not published. */
    @Bean
    static AuthorizationEventPublisher refusals(ApplicationEventPublisher events) {
        return new SpringAuthorizationEventPublisher(events);
    }
}
