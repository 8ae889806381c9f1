package io.tocsin.notify.oncall;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.OnCallEvent;
import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.ScheduleOverride;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/**
 * The notifier's copy of the on-call overrides added through incident-service's API ({@code oncall_override_copy}),
 * kept from {@code OnCallOverridesChanged} on {@code oncall.events.v1}: per schedule the latest list by
 * {@code occurredAt}, so a redelivered or late message changes nothing, and {@link #withOverrides()} the file's
 * configuration with them added, as incident-service pages.
 */
@Service
public class OnCallOverrideCopies {

    private static final TypeReference<List<OnCallEvent.OnCallOverride>> LIST = new TypeReference<>() {
    };

    private final OnCallConfig config;
    private final JdbcClient jdbc;

    OnCallOverrideCopies(OnCallConfig config, JdbcClient jdbc) {
        this.config = config;
        this.jdbc = jdbc;
    }

    /** Keeps {@code changed} unless a later list of its schedule is already kept. */
    @Transactional
    public void apply(OnCallEvent.OverridesChanged changed) {
        jdbc.sql("""
                        INSERT INTO oncall_override_copy (schedule, overrides, occurred_at) VALUES (?, ?::jsonb, ?)
                        ON CONFLICT (schedule) DO UPDATE SET overrides = excluded.overrides, occurred_at = excluded.occurred_at
                        WHERE oncall_override_copy.occurred_at < excluded.occurred_at""")
                .params(changed.schedule(), TocsinJson.mapper().writeValueAsString(changed.overrides()),
                        Timestamp.from(changed.occurredAt()))
                .update();
    }

    /** The file's configuration with the kept overrides after each schedule's own (the latest added wins). */
    @Transactional(readOnly = true)
    public OnCallConfig withOverrides() {
        if (config.schedules().isEmpty()) {
            return config;
        }
        Map<String, List<ScheduleOverride>> kept = new LinkedHashMap<>();
        jdbc.sql("SELECT schedule, overrides::text FROM oncall_override_copy").query((rs, n) -> {
            List<ScheduleOverride> overrides = new ArrayList<>();
            for (OnCallEvent.OnCallOverride o : TocsinJson.mapper().readValue(rs.getString(2), LIST)) {
                Person person = config.people().get(o.person());
                if (person != null) { // a person no longer in the file pages nobody
                    overrides.add(new ScheduleOverride(o.layer(), person, o.from(), o.to()));
                }
            }
            kept.put(rs.getString(1), overrides);
            return null;
        }).list();
        return config.withAddedOverrides(kept);
    }
}
