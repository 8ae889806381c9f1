package io.tocsin.incident.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs every read of the auditor API (GET {@code /api/v1/**}) and of the web console's pages (GET {@code /console/**})
 * with the principal, to logger
 * {@code io.tocsin.audit.access}: {@code audit.read principal=token-2 path=/api/v1/incidents/INC-7/timeline
 * query=… status=200} — who looked at what. Query strings carry filters; a calendar feed's {@code access_token} is redacted.
 */
@Component
class ReadAccessLog extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("io.tocsin.audit.access");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"GET".equals(request.getMethod())
                || !(path.startsWith("/api/v1/") || path.startsWith("/console/") && !path.startsWith("/console/static/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            access.info("audit.read principal={} path={} query=\"{}\" status={}",
                    auth == null || !auth.isAuthenticated() ? "anonymous" : auth.getName(), request.getRequestURI(),
                    request.getQueryString() == null ? "" : request.getQueryString()
                            .replaceAll("(^|&)access_token=[^&]*", "$1access_token=[redacted]"), response.getStatus());
        }
    }
}
