package io.tocsin.incident.oncall;

import io.tocsin.oncall.Layer;
import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.Person;
import io.tocsin.oncall.Schedule;
import io.tocsin.oncall.ScheduleOverride;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * On-call overrides added through the API ({@code oncall_override}), and the on-call configuration with them
 * ({@link #get()}): each schedule's overrides from {@code TOCSIN_ONCALL_CONFIG} followed by the live ones from the API,
 * in the order they were added, so the latest added wins where they overlap. Every instance reads the table at each
 * use, so an override added on one instance pages through all of them at once. Each change publishes the schedule's
 * live list on {@code oncall.events.v1} ({@code OnCallOverridesChanged}) for the notifier's {@code /incident oncall}.
 */
@Service
public class OnCallOverrides implements Supplier<OnCallConfig> {

    /** How far back ended overrides still count (calendar feeds show the last week). */
    private static final Duration KEEP_ENDED = Duration.ofDays(31);
    private static final Logger log = LoggerFactory.getLogger(OnCallOverrides.class);

    private final OnCallConfig config;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    OnCallOverrides(OnCallConfig config, JdbcClient jdbc, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.config = config;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * One override added through the API.
     *
     * @param createdBy   {@code api:<token name>}
     * @param cancelledBy {@code null} while live
     */
    public record Added(UUID id, String schedule, String layer, Person person, Instant from, Instant to, String reason,
                        String createdBy, Instant createdAt, String cancelledBy, Instant cancelledAt) {
    }

    /** The configuration with every live override of the API added to its schedules. */
    @Override
    @Transactional(readOnly = true)
    public OnCallConfig get() {
        if (config.schedules().isEmpty()) {
            return config;
        }
        Map<String, List<ScheduleOverride>> added = new LinkedHashMap<>();
        for (Added a : live(null)) {
            added.computeIfAbsent(a.schedule(), k -> new ArrayList<>()).add(new ScheduleOverride(a.layer(), a.person(), a.from(), a.to()));
        }
        return config.withAddedOverrides(added);
    }

    /**
     * Adds an override: {@code person} is on call in {@code layer} (default the schedule's first) of {@code schedule}
     * from {@code from} to {@code to}.
     *
     * @throws UnknownSchedule when there is no such schedule
     * @throws IllegalArgumentException naming the field: unknown person or layer, {@code to} not after {@code from} or
     *         not in the future, longer than 366 days
     */
    @Transactional
    public Added add(String schedule, String layer, String person, Instant from, Instant to, String reason, String by) {
        Schedule s = config.schedule(schedule).orElseThrow(() -> new UnknownSchedule(schedule));
        String layerName = layer == null || layer.isBlank() ? s.layers().getFirst().name() : layer.strip();
        if (s.layers().stream().map(Layer::name).noneMatch(layerName::equals)) {
            throw new IllegalArgumentException("layer: schedule '" + schedule + "' has no layer '" + layerName + "'");
        }
        Person who = person == null ? null : config.people().get(person.strip());
        if (who == null) {
            throw new IllegalArgumentException("person: no person with id '" + person + "' in the on-call configuration");
        }
        if (from == null || to == null || !to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from");
        }
        Instant now = clock.instant();
        if (!to.isAfter(now)) {
            throw new IllegalArgumentException("to: must be in the future, was " + to);
        }
        if (Duration.between(from, to).toDays() > 366) {
            throw new IllegalArgumentException("to: an override lasts at most 366 days");
        }
        Added added = new Added(UUID.randomUUID(), schedule, layerName, who, from, to, reason == null || reason.isBlank()
                ? null : reason.strip(), by, now, null, null);
        jdbc.sql("""
                        INSERT INTO oncall_override (id, schedule, layer, person, starts_at, ends_at, reason, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(added.id(), schedule, layerName, who.id(), Timestamp.from(from), Timestamp.from(to), added.reason(),
                        by, Timestamp.from(now))
                .update();
        log.info("oncall.override_added schedule={} layer={} person={} from={} to={} by={}", schedule, layerName, who.id(),
                from, to, by);
        announce(schedule);
        return added;
    }

    /**
     * Cancels a live override of {@code schedule}; it stays in the table with who cancelled it.
     *
     * @return the cancelled override; empty when there is no live one with that id in that schedule
     */
    @Transactional
    public Optional<Added> cancel(String schedule, UUID id, String by) {
        int n = jdbc.sql("""
                        UPDATE oncall_override SET cancelled_by = ?, cancelled_at = ?
                        WHERE id = ? AND schedule = ? AND cancelled_at IS NULL""")
                .params(by, Timestamp.from(clock.instant()), id, schedule).update();
        if (n == 0) {
            return Optional.empty();
        }
        log.info("oncall.override_cancelled schedule={} id={} by={}", schedule, id, by);
        announce(schedule);
        return find(id);
    }

    /** Live overrides (not cancelled, ended at most a month ago), of one schedule or ({@code null}) all, oldest first. */
    @Transactional(readOnly = true)
    public List<Added> live(String schedule) {
        return jdbc.sql("""
                        SELECT * FROM oncall_override WHERE cancelled_at IS NULL AND ends_at > ?
                          AND (CAST(? AS TEXT) IS NULL OR schedule = ?)
                        ORDER BY created_at, id""")
                .params(Timestamp.from(clock.instant().minus(KEEP_ENDED)), schedule, schedule)
                .query((rs, n) -> row(rs)).list().stream().flatMap(Optional::stream).toList();
    }

    /**
     * Publishes the schedule's live list (through the outbox, with this transaction) for the notifier. Changes of one
     * schedule are serialized (a transaction-scoped advisory lock taken before the list is read), so two concurrent
     * changes never publish lists that each miss the other's override.
     */
    private void announce(String schedule) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('oncall_override:' || ?))").param(schedule).query().listOfRows();
        Instant now = clock.instant();
        events.publishEvent(new io.tocsin.contracts.messages.OnCallEvent.OverridesChanged(UUID.randomUUID(), now, schedule,
                live(schedule).stream().filter(a -> a.to().isAfter(now)).map(a -> new io.tocsin.contracts.messages.OnCallEvent.OnCallOverride(
                        a.id(), a.layer(), a.person().id(), a.from(), a.to())).toList()));
    }

    private Optional<Added> find(UUID id) {
        return jdbc.sql("SELECT * FROM oncall_override WHERE id = ?").param(id).query((rs, n) -> row(rs)).optional()
                .flatMap(o -> o);
    }

    /** A row; empty when its person is no longer in the configuration (the override then pages nobody). */
    private Optional<Added> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Person person = config.people().get(rs.getString("person"));
        if (person == null || config.schedule(rs.getString("schedule")).isEmpty()) {
            return Optional.empty();
        }
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return Optional.of(new Added(rs.getObject("id", UUID.class), rs.getString("schedule"), rs.getString("layer"), person,
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("reason"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getString("cancelled_by"),
                cancelled == null ? null : cancelled.toInstant()));
    }

    /** There is no schedule of that name in the configuration. */
    public static class UnknownSchedule extends RuntimeException {
        UnknownSchedule(String schedule) {
            super("schedule: no schedule named '" + schedule + "'");
        }
    }
}
