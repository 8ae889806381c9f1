package io.tocsin.remediation.actions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The container restart budget (seed 004 §3.1: no restart loops; default at most 3 restarts per container per
 * 15 minutes), kept in {@code docker_restart}, one row per restart. A restart first reserves its slot: the count and
 * the insert run under a transaction-level advisory lock per container, so two instances (or two executions) cannot
 * both take the last slot.
 */
final class RestartBudget {

    /** The advisory-lock class of container budgets ("Dock"), apart from any other advisory lock. */
    private static final int LOCKS = 0x446f636b;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int budget;
    private final Duration window;

    RestartBudget(JdbcClient jdbc, TransactionTemplate tx, Clock clock, int budget, Duration window) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.budget = budget;
        this.window = window;
    }

    /** Restarts of {@code container} within the window before now. */
    long recent(String container) {
        return jdbc.sql("SELECT count(*) FROM docker_restart WHERE container = ? AND at > ?")
                .params(container, Timestamp.from(clock.instant().minus(window))).query(Long.class).single();
    }

    /** Whether another restart fits the budget now. */
    boolean allows(long recent) {
        return recent < budget;
    }

    /**
     * Takes one restart of {@code container} from the budget, if one is left.
     *
     * @return the reservation's time, for {@link #release} when the restart did not happen; empty when none is left
     */
    Optional<Instant> reserve(String container) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored, so release matches it
        Boolean taken = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))").params(LOCKS, container).query((rs, n) -> 1).list();
            // A statement after the lock: under READ COMMITTED it sees every reservation committed before the lock.
            return jdbc.sql("""
                            INSERT INTO docker_restart (container, at) SELECT ?, ?
                            WHERE (SELECT count(*) FROM docker_restart WHERE container = ? AND at > ?) < ?""")
                    .params(container, Timestamp.from(now), container, Timestamp.from(now.minus(window)), budget)
                    .update() == 1;
        });
        return Boolean.TRUE.equals(taken) ? Optional.of(now) : Optional.empty();
    }

    /** Gives a reservation back: the Engine refused or failed the restart, so no restart counts against the budget. */
    void release(String container, Instant reservedAt) {
        jdbc.sql("DELETE FROM docker_restart WHERE container = ? AND at = ?")
                .params(container, Timestamp.from(reservedAt)).update();
    }
}
