package io.tocsin.notify.slack.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.contracts.json.TocsinJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies every request to {@code /slack/*} before any controller sees it (api.slack.com/authentication/verifying-
 * requests-from-slack): a valid signature ({@link SlackSignatureVerifier}) no older than the tolerance, and not seen
 * before (its signature is recorded in {@code slack_request}, so a replay within the window is refused too). Anything
 * else is answered {@code 401 {"error":"unauthorized","message":…}} and nothing happens. A verified request's form is
 * handed on as the request attribute {@link #FORM}.
 */
final class SlackVerificationFilter extends OncePerRequestFilter {

    /** Request attribute: the verified {@code application/x-www-form-urlencoded} body, {@code Map<String, String>}. */
    static final String FORM = "io.tocsin.notify.slack.inbound.SlackVerificationFilter.form";
    private static final Logger log = LoggerFactory.getLogger(SlackVerificationFilter.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final SlackSignatureVerifier verifier;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    SlackVerificationFilter(SlackSignatureVerifier verifier, JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        meters.counter("tocsin.slack.inbound", "kind", "rejected", "verb", "none");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY);
        String signature = request.getHeader("X-Slack-Signature");
        try {
            verifier.verify(request.getHeader("X-Slack-Request-Timestamp"), signature, body);
            int fresh = jdbc.sql("INSERT INTO slack_request (signature, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(signature.strip(), Timestamp.from(clock.instant())).update();
            if (fresh == 0) {
                throw new SlackSignatureVerifier.RejectedRequest("request was already received (replay)");
            }
        } catch (SlackSignatureVerifier.RejectedRequest e) {
            meters.counter("tocsin.slack.inbound", "kind", "rejected", "verb", "none").increment();
            log.warn("slack.request_rejected reason=\"{}\"", e.getMessage());
            response.setStatus(401);
            response.setContentType("application/json");
            response.getWriter().write(TocsinJson.mapper().writeValueAsString(
                    Map.of("error", "unauthorized", "message", e.getMessage())));
            return;
        }
        request.setAttribute(FORM, form(new String(body, StandardCharsets.UTF_8)));
        chain.doFilter(request, response);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }
}
