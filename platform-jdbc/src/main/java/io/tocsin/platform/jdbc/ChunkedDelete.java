package io.tocsin.platform.jdbc;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The purges' delete: rows older than a retention, {@value #CHUNK} a statement (each its own short transaction, so a
 * large backlog never holds locks or bloats one transaction), until a statement deletes fewer.
 */
public final class ChunkedDelete {

    /** Rows per statement; the statement must select at most this many ({@code LIMIT 10000}). */
    public static final int CHUNK = 10_000;

    private ChunkedDelete() {
    }

    /**
     * Runs {@code delete} until it deletes fewer than {@value #CHUNK} rows.
     *
     * @param delete a {@code DELETE} of at most {@value #CHUNK} rows whose only parameter is the retention in seconds
     *               (e.g. {@code … WHERE ctid = ANY(ARRAY(SELECT ctid FROM t WHERE at < now() - make_interval(secs => ?)
     *               LIMIT 10000))})
     * @return how many rows were deleted
     */
    public static long olderThan(JdbcClient jdbc, String delete, Duration retention) {
        long deleted = 0;
        int chunk;
        do {
            chunk = jdbc.sql(delete).param(retention.toSeconds()).update();
            deleted += chunk;
        } while (chunk == CHUNK);
        return deleted;
    }
}
