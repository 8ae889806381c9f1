package io.tocsin.notify.status;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.MaintenanceEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Maintenance windows announced to customers (seed 001), copied from {@code maintenance.events.v1} into
 * {@code public_maintenance}: the latest state of each window by {@code occurredAt}, so a redelivered or late message
 * changes nothing.
 */
@Component
public class PublicMaintenance {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    PublicMaintenance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A window as customers see it. */
    public record Window(UUID id, String title, List<String> components, Instant startsAt, Instant endsAt, boolean endedEarly) {
    }

    /** Keeps a window's announced state unless a newer one is kept already. */
    public void apply(MaintenanceEvent.PublicMaintenanceChanged c) {
        jdbc.sql("""
                        INSERT INTO public_maintenance (window_id, title, components, starts_at, ends_at, ended_early, occurred_at)
                        VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)
                        ON CONFLICT (window_id) DO UPDATE SET title = excluded.title, components = excluded.components,
                            starts_at = excluded.starts_at, ends_at = excluded.ends_at, ended_early = excluded.ended_early,
                            occurred_at = excluded.occurred_at
                        WHERE public_maintenance.occurred_at < excluded.occurred_at""")
                .params(c.windowId(), c.title(), TocsinJson.mapper().writeValueAsString(c.components()),
                        Timestamp.from(c.startsAt()), Timestamp.from(c.endsAt()), c.endedEarly(), Timestamp.from(c.occurredAt()))
                .update();
    }

    /** Windows not over at {@code now} (in progress or upcoming), soonest first. */
    public List<Window> notOverAt(Instant now) {
        return jdbc.sql("""
                        SELECT window_id, title, components::text, starts_at, ends_at, ended_early FROM public_maintenance
                        WHERE ends_at > ? ORDER BY starts_at""")
                .param(Timestamp.from(now))
                .query((rs, n) -> new Window(rs.getObject(1, UUID.class), rs.getString(2),
                        TocsinJson.mapper().readValue(rs.getString(3), STRINGS), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant(), rs.getBoolean(6)))
                .list();
    }
}
