package io.tocsin.platform.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One {@code INSERT} statement whose rows a transaction gathers and sends as one JDBC batch: when the transaction
 * is about to commit, or earlier when {@link #flush()} is called. A store that defers its inserts this way must
 * call {@link #flush()} before each of its own reads and updates of the table, so that the transaction always
 * sees its own rows; nothing outside the store may touch the table in the same transaction.
 *
 * <p>A failing row (a constraint, a value PostgreSQL refuses) therefore fails the flush or the commit rather than
 * the call that added it, and the whole transaction rolls back. Rows added while the transaction is already
 * committing, or without a Spring-managed transaction, are inserted at once.
 */
public final class DeferredInserts {

    private static final class Pending {
        private final List<Supplier<Object[]>> rows = new ArrayList<>();
        private boolean committing;
    }

    private final JdbcTemplate jdbc;
    private final String sql;
    private final TransactionScoped<Pending> pending;

    /**
     * @param jdbc on the table's schema
     * @param sql  an {@code INSERT … VALUES (?, …)} with one placeholder per value of {@link #add}
     */
    public DeferredInserts(JdbcTemplate jdbc, String sql) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.pending = TransactionScoped.of(Pending::new).beforeCommit(p -> {
            send(p);
            p.committing = true;
        });
    }

    /** Adds a row (values in the statement's placeholder order; {@code java.sql} types where the driver needs them). */
    public void add(Object... values) {
        addWhenSent(() -> values);
    }

    /**
     * Adds a row whose values are read when the batch is sent (or at once, as {@link #add}), so a row whose object
     * changes until then is written once, in its last state. The supplier is called exactly once.
     */
    public void addWhenSent(Supplier<Object[]> values) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            jdbc.update(sql, values.get());
            return;
        }
        Pending p = pending.get();
        if (p.committing) {
            jdbc.update(sql, values.get());
        } else {
            p.rows.add(values);
        }
    }

    /** Inserts the rows this transaction gathered so far (one JDBC batch); nothing when there are none. */
    public void flush() {
        Pending p = pending.peek();
        if (p != null) {
            send(p);
        }
    }

    private void send(Pending p) {
        if (p.rows.isEmpty()) {
            return;
        }
        List<Supplier<Object[]>> queued = List.copyOf(p.rows);
        p.rows.clear();
        jdbc.batchUpdate(sql, queued.stream().map(Supplier::get).toList());
    }
}
