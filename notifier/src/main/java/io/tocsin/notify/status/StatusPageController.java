package io.tocsin.notify.status;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /status} (public HTML: no scripts, no external assets, readable on a phone) and
 * {@code GET /api/v1/status} (the same snapshot as JSON). All text that came from labels or
 * annotations is HTML-escaped.
 */
@RestController
class StatusPageController {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private final StatusPage page;

    StatusPageController(StatusPage page) {
        this.page = page;
    }

    @GetMapping(path = "/api/v1/status", produces = MediaType.APPLICATION_JSON_VALUE)
    StatusPage.Snapshot json() {
        return page.snapshot();
    }

    @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE)
    String html() {
        StatusPage.Snapshot s = page.snapshot();
        StringBuilder h = new StringBuilder(4096);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"60\">")
                .append("<title>").append(e(s.title())).append("</title><style>")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:760px;padding:16px;color:#1f2328}")
                .append(".banner{padding:16px;border-radius:8px;color:#fff;font-size:1.25rem;font-weight:600}")
                .append(".operational{background:#1a7f37}.degraded_performance{background:#bf8700}")
                .append(".partial_outage{background:#d1580a}.major_outage{background:#cf222e}")
                .append("ul{list-style:none;padding:0}li.c{display:flex;justify-content:space-between;padding:10px 0;border-bottom:1px solid #d0d7de}")
                .append(".pill{padding:2px 8px;border-radius:10px;color:#fff;font-size:.85rem}")
                .append(".incident{border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:12px 0}")
                .append(".upd{margin:6px 0}.muted{color:#656d76;font-size:.85rem}</style></head><body>");
        h.append("<h1>").append(e(s.title())).append("</h1>");
        h.append("<div class=\"banner ").append(s.status()).append("\" id=\"banner\">").append(e(s.banner())).append("</div>");
        if (!s.active().isEmpty()) {
            h.append("<h2>Active incidents</h2>");
            for (StatusPage.PublicIncident i : s.active()) {
                incident(h, i);
            }
        }
        h.append("<h2>Components</h2><ul>");
        if (s.components().isEmpty()) {
            h.append("<li class=\"c\">No components configured</li>");
        }
        for (StatusPage.ComponentStatus c : s.components()) {
            h.append("<li class=\"c\"><span>").append(e(c.name()));
            if (c.description() != null) {
                h.append("<br><span class=\"muted\">").append(e(c.description())).append("</span>");
            }
            h.append("</span><span class=\"pill ").append(c.status()).append("\">").append(label(c.status())).append("</span></li>");
        }
        h.append("</ul><h2>Past incidents</h2>");
        if (s.history().isEmpty()) {
            h.append("<p class=\"muted\">No incidents in the last 90 days.</p>");
        }
        for (StatusPage.PublicIncident i : s.history()) {
            incident(h, i);
        }
        h.append("<p class=\"muted\">Updated ").append(TIME.format(s.generatedAt())).append("</p></body></html>");
        return h.toString();
    }

    private static void incident(StringBuilder h, StatusPage.PublicIncident i) {
        h.append("<div class=\"incident\"><strong>").append(e(i.title())).append("</strong> <span class=\"muted\">")
                .append(e(i.component())).append(" · ").append(e(i.key())).append("</span>");
        for (StatusPage.Update u : i.updates()) {
            h.append("<div class=\"upd\"><strong>").append(e(capitalise(u.phase()))).append("</strong> — ")
                    .append(e(u.message())).append(" <span class=\"muted\">").append(TIME.format(u.at())).append("</span></div>");
        }
        h.append("</div>");
    }

    private static String label(String status) {
        return switch (status) {
            case "major_outage" -> "Major outage";
            case "partial_outage" -> "Partial outage";
            case "degraded_performance" -> "Degraded performance";
            default -> "Operational";
        };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String e(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s);
    }
}
