package io.tocsin.notify.status;

import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds what the status page shows. A component's status comes from its worst active incident
 * (Statuspage's vocabulary): SEV1 {@code major_outage}, SEV2 {@code partial_outage}, SEV3/4
 * {@code degraded_performance}, none {@code operational}. Only incidents of the configured severities
 * appear.
 */
@Service
public class StatusPage {

    private final IncidentViews views;
    private final StatusPageSettings settings;
    private final Clock clock;
    private final PublicMaintenance publicMaintenance;

    StatusPage(IncidentViews views, StatusPageSettings settings, Clock clock, PublicMaintenance publicMaintenance) {
        this.publicMaintenance = publicMaintenance;
        this.views = views;
        this.settings = settings;
        this.clock = clock;
    }

    /** A component and its status. */
    public record ComponentStatus(String name, String description, String status) {
    }

    /** One customer-facing update: phase (investigating, identified, monitoring, resolved) and text. */
    public record Update(Instant at, String phase, String message) {
    }

    /**
     * An incident as customers see it: no internal key, and a title customers may read ({@link #publicTitle}).
     */
    public record PublicIncident(String title, String severity, String component, String phase,
                                 Instant startedAt, Instant resolvedAt, List<Update> updates) {
    }

    /**
     * The page.
     *
     * @param status overall: the worst component status
     * @param banner one sentence for the top of the page
     */
    public record Snapshot(String title, String status, String banner, List<ComponentStatus> components,
                           List<PublicIncident> active, List<ScheduledMaintenance> maintenance, List<PublicIncident> history,
                           Instant generatedAt) {
    }

    /**
     * Maintenance announced to customers (seed 001), in progress or upcoming.
     *
     * @param inProgress whether it has started
     */
    public record ScheduledMaintenance(String title, List<String> components, Instant startsAt, Instant endsAt,
                                       boolean inProgress) {
    }

    @Transactional(readOnly = true)
    public Snapshot snapshot() {
        Instant now = clock.instant();
        List<PublicIncident> active = new ArrayList<>();
        List<PublicIncident> history = new ArrayList<>();
        Map<String, String> componentStatus = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (StatusPageSettings.Component c : settings.components()) {
            componentStatus.put(c.name(), "operational");
            descriptions.put(c.name(), c.description());
        }
        // Four statements whatever the number of incidents: the incidents, their updates, the titles people chose, and
        // the announced maintenance.
        List<IncidentView> shown = views.openedSince(now.minus(settings.history())).stream()
                .filter(i -> settings.severities().contains(i.severity())).toList();
        List<UUID> ids = shown.stream().map(IncidentView::incidentId).toList();
        Map<UUID, List<IncidentViews.Update>> updatesOf = views.updatesOf(ids);
        Map<UUID, String> chosenTitles = views.publicTitles(ids);
        for (IncidentView i : shown) {
            String component = component(i);
            List<IncidentViews.Update> updates = updatesOf.getOrDefault(i.incidentId(), List.of());
            PublicIncident pi = new PublicIncident(publicTitle(i, component, Optional.ofNullable(chosenTitles.get(i.incidentId()))),
                    i.severity(), component, views.publicPhase(i, updates), i.openedAt(), i.resolvedAt(),
                    updates.stream().map(u -> new Update(u.at(), u.phase(), u.message())).toList());
            if (i.isResolved()) {
                history.add(pi);
            } else {
                active.add(pi);
                componentStatus.merge(component, impact(i.severity()), StatusPage::worse);
            }
        }
        List<ScheduledMaintenance> maintenance = new ArrayList<>();
        for (PublicMaintenance.Window w : publicMaintenance.notOverAt(now)) {
            boolean inProgress = !w.startsAt().isAfter(now);
            maintenance.add(new ScheduledMaintenance(w.title(), w.components(), w.startsAt(), w.endsAt(), inProgress));
            if (inProgress) {
                // Statuspage's state for a component under maintenance, unless an incident makes it worse.
                w.components().forEach(c -> componentStatus.merge(c, "under_maintenance",
                        (was, m) -> "operational".equals(was) ? m : was));
            }
        }
        List<ComponentStatus> components = componentStatus.entrySet().stream()
                .map(e -> new ComponentStatus(e.getKey(), descriptions.get(e.getKey()), e.getValue())).toList();
        String overall = components.stream().map(ComponentStatus::status).reduce("operational", StatusPage::worse);
        return new Snapshot(settings.title(), overall, banner(overall), components, active, maintenance, history, now);
    }

    /**
     * The title customers read: the one a person chose in an update; else the alert's own text where the component
     * allows it ({@code publish-alert-text}); else the impact on the component ("Partial outage: checkout"). An alert's
     * summary ("Checkout API returns 5xx for 12% of requests") is written for responders, not customers.
     */
    public String publicTitle(IncidentView i, String component) {
        return publicTitle(i, component, views.publicTitle(i.incidentId()));
    }

    private String publicTitle(IncidentView i, String component, Optional<String> chosen) {
        if (chosen.isPresent()) {
            return chosen.get();
        }
        boolean alertText = settings.components().stream()
                .anyMatch(c -> c.name().equals(component) && c.publishAlertText());
        return alertText ? i.title() : banner(impact(i.severity())) + ": " + component;
    }

    /** {@link #publicTitle(IncidentView, String)} of the incident's own component. */
    public String publicTitle(IncidentView i) {
        return publicTitle(i, component(i));
    }

    /** The component of an incident: its first alert's {@code status_page_component} label, else its service. */
    public static String component(IncidentView i) {
        String label = i.labels().get("status_page_component");
        if (label != null && !label.isBlank()) {
            return label;
        }
        return i.service() == null || i.service().isBlank() ? "Other" : i.service();
    }

    private static String impact(String severity) {
        return switch (severity) {
            case "SEV1" -> "major_outage";
            case "SEV2" -> "partial_outage";
            default -> "degraded_performance";
        };
    }

    private static final List<String> ORDER = List.of("operational", "under_maintenance", "degraded_performance",
            "partial_outage", "major_outage");

    private static String worse(String a, String b) {
        return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
    }

    private static String banner(String overall) {
        return switch (overall) {
            case "major_outage" -> "Major outage";
            case "partial_outage" -> "Partial outage";
            case "degraded_performance" -> "Degraded performance";
            case "under_maintenance" -> "Scheduled maintenance in progress";
            default -> "All systems operational";
        };
    }
}
