package io.tocsin.incident.maintenance;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.MaintenanceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/**
 * Maintenance windows announced to customers (seed 001: "Quarterly (announced)"): a notice — title and status page
 * components — kept beside the window ({@code maintenance_notice}) and published through the outbox, with the
 * transaction that created or ended the window, as {@code PublicMaintenanceChanged} on {@code maintenance.events.v1};
 * the notifier's status page lists it as scheduled maintenance.
 */
@Component
class MaintenanceNotices {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    MaintenanceNotices(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Records a window's notice and announces it. */
    @Transactional(propagation = Propagation.MANDATORY)
    void announce(MaintenanceWindow window, MaintenanceWindow.Notice notice, Instant now) {
        jdbc.sql("INSERT INTO maintenance_notice (window_id, title, components) VALUES (?, ?, ?::jsonb)")
                .params(window.id(), notice.title(), TocsinJson.mapper().writeValueAsString(notice.components())).update();
        publish(window, notice, now);
    }

    /** Announces a window again after it changed (ended early), when it has a notice. */
    @Transactional(propagation = Propagation.MANDATORY)
    void changed(MaintenanceWindow window, Instant now) {
        of(window.id()).ifPresent(notice -> publish(window, notice, now));
    }

    /** A window's notice; empty for an internal window. */
    Optional<MaintenanceWindow.Notice> of(UUID windowId) {
        return jdbc.sql("SELECT title, components::text FROM maintenance_notice WHERE window_id = ?").param(windowId)
                .query((rs, n) -> new MaintenanceWindow.Notice(rs.getString(1),
                        TocsinJson.mapper().readValue(rs.getString(2), STRINGS))).optional();
    }

    private void publish(MaintenanceWindow window, MaintenanceWindow.Notice notice, Instant now) {
        events.publishEvent(new MaintenanceEvent.PublicMaintenanceChanged(UUID.randomUUID(), now, window.id(), notice.title(),
                notice.components(), window.startsAt(), window.endsAt(), window.endedEarlyBy() != null));
    }
}
