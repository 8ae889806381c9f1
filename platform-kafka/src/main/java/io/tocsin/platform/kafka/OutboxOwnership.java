package io.tocsin.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Which instance owns each outbox publication, so that with several instances a publication is resubmitted only by
 * the instance that recorded it, and only once it is no longer queued there, or, when that instance died, by one
 * other instance that adopts it.
 *
 * <p>A publication's owner is {@code event_publication.owner}, filled by the column's default
 * {@code current_setting('application_name')}: every connection of an instance names it ({@code tocsin.instance-id},
 * see {@code InstanceIdentity} in platform-observability), so recording a publication costs no statement more. An instance is
 * alive while its row in {@code outbox_instance} has a lease in the future ({@link #heartbeat}, database time).
 * Resubmission ({@link #resubmit}), every retry interval on every instance:
 * <ul>
 *   <li>this instance's own incomplete publications older than the interval that its {@link OutboxSender} does not
 *   hold (they failed: broker away, delivery timeout);</li>
 *   <li>publications whose owner has no live lease (it died, or stopped with messages queued; or a row from before
 *   owners), adopted first by one atomic update each, so only one instance resubmits them.</li>
 * </ul>
 * Nothing is republished at start-up ({@code spring.modulith.events.republish-outstanding-events-on-restart=false}):
 * a restarted instance's leftovers are adopted when its old lease ends.
 */
public final class OutboxOwnership {

    private static final Logger log = LoggerFactory.getLogger(OutboxOwnership.class);
    private final JdbcClient jdbc;
    private final String instance;
    private final Duration lease;

    /**
     * @param jdbc     the service's database, whose schema holds {@code event_publication} and {@code outbox_instance}
     * @throws IllegalStateException when its connections have no {@code application_name}
     * @param lease    how long a heartbeat keeps this instance alive for the others (a few heartbeats' worth)
     */
    public OutboxOwnership(JdbcClient jdbc, Duration lease) {
        this.jdbc = jdbc;
        // As PostgreSQL stores it (at most 63 bytes), so that it equals what the column default writes.
        this.instance = jdbc.sql("SELECT current_setting('application_name')").query(String.class).single();
        if (instance == null || instance.isBlank()) {
            throw new IllegalStateException("the database connections carry no application_name: the outbox cannot tell "
                    + "its instances apart (platform-observability's InstanceIdentity sets it from tocsin.instance-id)");
        }
        this.lease = lease;
    }

    /** This instance's name, as its connections' {@code application_name}. */
    public String instance() {
        return instance;
    }

    /** Extends this instance's lease; call every third of the lease or so. */
    public void heartbeat() {
        jdbc.sql("""
                        INSERT INTO outbox_instance (instance, lease_until) VALUES (?, now() + make_interval(secs => ?))
                        ON CONFLICT (instance) DO UPDATE SET lease_until = excluded.lease_until""")
                .params(instance, lease.toSeconds()).update();
    }

    /**
     * Resubmits this instance's failed publications and adopts and resubmits dead instances'.
     *
     * @param sender    this instance's sender, whose queued messages are not resubmitted; {@code null} when the
     *                  service sends synchronously
     * @param eventIdOf the {@code eventId} of a publication's event
     * @param olderThan the retry interval: a publication is resubmitted once it is at least this old
     * @return how many publications were handed to Spring Modulith's resubmission (it skips one another instance
     *         claimed meanwhile)
     */
    public int resubmit(IncompleteEventPublications incomplete, OutboxSender sender, Function<Object, UUID> eventIdOf,
                        Duration olderThan) {
        return resubmit(incomplete, event -> sender != null && sender.inFlight(eventIdOf.apply(event)), olderThan);
    }

    /**
     * {@link #resubmit(IncompleteEventPublications, OutboxSender, Function, Duration)} for publications that hold
     * several messages.
     *
     * @param queuedHere whether a publication's event (as the registry deserialised it) is still queued in, or being
     *                   sent by, this instance: such a publication is not resubmitted yet
     */
    public int resubmit(IncompleteEventPublications incomplete, Predicate<Object> queuedHere, Duration olderThan) {
        Timestamp before = Timestamp.from(Instant.now().minus(olderThan));
        Set<UUID> due = new HashSet<>(jdbc.sql("""
                        SELECT id FROM event_publication
                        WHERE completion_date IS NULL AND owner = ? AND publication_date < ?""")
                .params(instance, before).query(UUID.class).list());
        // A publication its dead owner was resubmitting stays RESUBMITTED, which Spring Modulith never claims again:
        // adopted, it is FAILED, the state a resubmission takes.
        Set<UUID> adopted = new HashSet<>(jdbc.sql("""
                        UPDATE event_publication SET owner = ?,
                            status = CASE WHEN status IN ('RESUBMITTED', 'PROCESSING') THEN 'FAILED' ELSE status END
                        WHERE completion_date IS NULL AND publication_date < ?
                          AND (owner IS NULL OR owner NOT IN (SELECT instance FROM outbox_instance WHERE lease_until > now()))
                        RETURNING id""")
                .params(instance, before).query(UUID.class).list());
        if (!adopted.isEmpty()) {
            log.warn("outbox.adopted count={} reason=\"their instance's lease ended\"", adopted.size());
        }
        due.addAll(adopted);
        if (due.isEmpty()) {
            return 0;
        }
        int[] resubmitted = {0};
        Predicate<EventPublication> mine = p -> {
            boolean take = due.contains(p.getIdentifier()) && !queuedHere.test(p.getEvent());
            resubmitted[0] += take ? 1 : 0;
            return take;
        };
        incomplete.resubmitIncompletePublications(mine);
        return resubmitted[0];
    }
}
