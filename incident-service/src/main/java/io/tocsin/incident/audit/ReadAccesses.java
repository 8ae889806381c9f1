package io.tocsin.incident.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable record of reads ({@code read_access}, V21): who read which API resource or console page, when, with
 * what answer. Written by {@link ReadAccessLog} for every GET of {@code /api/v1/**} and {@code /console/**}; read by
 * auditors through {@code GET /api/v1/audit/reads} and the console's Audit → Reads page. Append-only; rows older than
 * {@code tocsin.audit.read-retention} (default 400 days: a year of evidence and a quarter to ask for it) are deleted
 * hourly by one instance ({@link #purgeTask}).
 */
@Component
public class ReadAccesses {

    /** The db-scheduler task, in {@code incident.scheduled_tasks}. */
    public static final String PURGE_TASK = "read-access-purge";
    /** At most this many reads a page. */
    public static final int MAX_PAGE = 500;

    private static final Logger log = LoggerFactory.getLogger(ReadAccesses.class);

    /**
     * One read.
     *
     * @param principal the signed-in person ({@code console:} name) or API token name; {@code anonymous} when none
     * @param query     the query string, credentials redacted ({@code access_token}, {@code token}, {@code code},
     *                  {@code state}); empty when none
     * @param status    the HTTP status answered
     * @param refresh   the console list's automatic refresh (htmx), not a person's click
     */
    public record Read(long id, Instant at, String principal, String path, String query, int status, boolean refresh) {
    }

    private final JdbcClient jdbc;

    ReadAccesses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(String principal, String path, String query, int status, boolean refresh) {
        jdbc.sql("INSERT INTO read_access (principal, path, query, status, refresh) VALUES (?, ?, ?, ?, ?)")
                .params(principal, path, query, status, refresh).update();
    }

    /**
     * Reads in {@code [from, to)}, newest first.
     *
     * @param principal        only this principal's; {@code null} or blank: everyone's
     * @param includeRefreshes whether the console list's automatic refreshes are listed
     * @param before           only reads with a smaller id (the next page); {@code null}: from the newest
     * @param limit            1 … {@value #MAX_PAGE}
     */
    public List<Read> list(Instant from, Instant to, String principal, boolean includeRefreshes, Long before, int limit) {
        return jdbc.sql("""
                        SELECT id, read_at, principal, path, query, status, refresh FROM read_access
                        WHERE read_at >= ? AND read_at < ? AND (? OR principal = ?) AND (? OR NOT refresh)
                          AND id < ?
                        ORDER BY id DESC LIMIT ?""")
                .params(Timestamp.from(from), Timestamp.from(to), principal == null || principal.isBlank(),
                        principal == null ? "" : principal, includeRefreshes, before == null ? Long.MAX_VALUE : before,
                        Math.clamp(limit, 1, MAX_PAGE))
                .query((rs, n) -> new Read(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getBoolean(7)))
                .list();
    }

    /** Deletes reads older than {@code retention}, 10,000 rows a statement; returns how many. */
    public long purge(Duration retention) {
        return io.tocsin.platform.jdbc.ChunkedDelete.olderThan(jdbc, """
                DELETE FROM read_access WHERE id = ANY(ARRAY(
                    SELECT id FROM read_access WHERE read_at < now() - make_interval(secs => ?) LIMIT 10000))""", retention);
    }

    /** {@link #purge} hourly as a cluster task (one instance per run), logged when it deleted anything. */
    public RecurringTask<Void> purgeTask(Duration retention) {
        return ClusterScheduling.every(PURGE_TASK, Duration.ofHours(1), () -> {
            long deleted = purge(retention);
            if (deleted > 0) {
                log.info("read_access.purged rows={} olderThan={}", deleted, retention);
            }
        });
    }
}
