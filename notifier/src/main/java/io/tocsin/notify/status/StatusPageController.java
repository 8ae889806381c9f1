package io.tocsin.notify.status;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code GET /status} (public HTML from the Thymeleaf template {@code templates/notifier/status.html}: no scripts, no
 * external assets, readable on a phone; every text escaped by the template engine) and {@code GET /api/v1/status}
 * (the same snapshot as JSON), both {@code Cache-Control: max-age=0, s-maxage=10, public}. A snapshot costs four statements
 * however many incidents it lists.
 */
@Controller
class StatusPageController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> LABELS = Map.of("major_outage", "Major outage", "partial_outage",
            "Partial outage", "degraded_performance", "Degraded performance", "operational", "Operational",
            "under_maintenance", "Under maintenance");
    /**
     * During an outage customers reload the status page: a CDN or proxy in front of it may serve one copy for 10 s
     * ({@code s-maxage}; the page is public and the same for everyone) instead of every reload reaching the notifier,
     * while a customer's own browser asks again each time ({@code max-age=0}) and never shows an update late.
     */
    private static final org.springframework.http.CacheControl CACHED = org.springframework.http.CacheControl
            .maxAge(java.time.Duration.ZERO).sMaxAge(java.time.Duration.ofSeconds(10)).cachePublic();

    private final StatusPage page;

    StatusPageController(StatusPage page) {
        this.page = page;
    }

    @GetMapping(path = "/api/v1/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    org.springframework.http.ResponseEntity<StatusPage.Snapshot> json() {
        return org.springframework.http.ResponseEntity.ok().cacheControl(CACHED).body(page.snapshot());
    }

    @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE)
    String html(Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader(org.springframework.http.HttpHeaders.CACHE_CONTROL, CACHED.getHeaderValue());
        model.addAttribute("page", page.snapshot());
        model.addAttribute("time", TIME);
        model.addAttribute("labels", LABELS);
        return "notifier/status";
    }
}
