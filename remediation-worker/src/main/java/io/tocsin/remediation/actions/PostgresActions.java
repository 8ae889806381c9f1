package io.tocsin.remediation.actions;

import io.tocsin.remediation.RemediationSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * PostgreSQL actions, after the seed runbook's "connection pool exhausted" and "slow queries" procedures:
 * <ul>
 *   <li>{@code postgres.terminate-long-running-queries}: {@code pg_terminate_backend} on non-idle client
 *   queries running longer than {@code olderThan} (default 5m) in {@code database};</li>
 *   <li>{@code postgres.cancel-lock-waiters}: {@code pg_cancel_backend} on queries waiting on a lock longer
 *   than {@code olderThan} (default 1m).</li>
 * </ul>
 * Never the action's own backend; never a backup ({@code application_name} {@code pg_dump} or {@code pg_dumpall}: a
 * long {@code COPY} of a nightly dump is not a runaway query); never superuser or replication backends unless
 * {@code tocsin.remediation.postgres.terminate-superusers}. Reports the pids, users, ages and queries
 * (truncated to 200 characters) it ended, and verifies they are gone.
 */
@Configuration(proxyBeanMethods = false)
class PostgresActions {

    @Bean
    RemediationAction terminateLongRunningQueries(RemediationSettings settings) {
        return new Action("postgres.terminate-long-running-queries", settings, "a.state <> 'idle'", "pg_terminate_backend",
                Duration.ofMinutes(5));
    }

    @Bean
    RemediationAction cancelLockWaiters(RemediationSettings settings) {
        return new Action("postgres.cancel-lock-waiters", settings, "a.wait_event_type = 'Lock'", "pg_cancel_backend",
                Duration.ofMinutes(1));
    }

    private record Backend(int pid, String user, long seconds, String query) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("user", user);
            m.put("runningSeconds", seconds);
            m.put("query", query);
            return m;
        }
    }

    static final class Action implements RemediationAction {
        private final String type;
        private final RemediationSettings settings;
        private final String condition;
        private final String function;
        private final Duration defaultAge;

        Action(String type, RemediationSettings settings, String condition, String function, Duration defaultAge) {
            this.type = type;
            this.settings = settings;
            this.condition = condition;
            this.function = function;
            this.defaultAge = defaultAge;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String target() {
            return "postgres";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.optional("database", Kind.STRING), Param.optional("olderThan", Kind.DURATION));
        }

        @Override
        public ActionReport execute(ActionContext ctx) {
            Duration age = ctx.duration("olderThan", defaultAge);
            RemediationSettings.Postgres pg = settings.postgres();
            try (Connection c = DriverManager.getConnection(pg.url(), pg.username(), pg.password() == null ? "" : pg.password())) {
                String database = ctx.string("database", null);
                if (database == null) {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                        rs.next();
                        database = rs.getString(1);
                    }
                }
                List<Backend> found = candidates(c, database, age);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("database", database);
                details.put("olderThanSeconds", age.toSeconds());
                details.put("backends", found.stream().map(Backend::asMap).toList());
                if (found.isEmpty()) {
                    return ActionReport.skipped("nothing to do: no matching queries older than " + age.toSeconds()
                            + " s in " + database, details);
                }
                if (ctx.dryRun()) {
                    return ActionReport.done("dry run: would " + verb() + " " + found.size() + " backend(s) in " + database,
                            details);
                }
                List<Integer> ended = new ArrayList<>();
                for (Backend b : found) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
                        ps.setInt(1, b.pid());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getBoolean(1)) {
                                ended.add(b.pid());
                            }
                        }
                    }
                }
                verifyGone(c, database, age, ended);
                details.put("ended", ended);
                return ActionReport.done(verb() + " " + ended.size() + " backend(s) in " + database + ": pids " + ended, details);
            } catch (SQLTransientException e) {
                throw new TransientFailure("PostgreSQL: " + e.getMessage(), e);
            } catch (SQLException e) {
                if (e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57"))) {
                    throw new TransientFailure("PostgreSQL unreachable: " + e.getMessage(), e);
                }
                throw new PermanentFailure("PostgreSQL refused: " + e.getMessage(), e);
            }
        }

        private String verb() {
            return function.equals("pg_terminate_backend") ? "terminated" : "cancelled";
        }

        private List<Backend> candidates(Connection c, String database, Duration age) throws SQLException {
            String sql = """
                    SELECT a.pid, a.usename, extract(epoch FROM now() - a.query_start)::bigint, left(a.query, 200)
                    FROM pg_stat_activity a LEFT JOIN pg_roles r ON r.oid = a.usesysid
                    WHERE a.datname = ? AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
                      AND a.query_start < now() - make_interval(secs => ?)
                      AND NOT coalesce(r.rolreplication, false)
                      AND coalesce(a.application_name, '') NOT IN ('pg_dump', 'pg_dumpall')
                      AND (? OR NOT coalesce(r.rolsuper, false))
                      AND\s""" + condition + " ORDER BY a.query_start";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, database);
                ps.setDouble(2, age.toMillis() / 1000.0);
                ps.setBoolean(3, settings.postgres().terminateSuperusers());
                List<Backend> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Backend(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                    }
                }
                return out;
            }
        }

        private void verifyGone(Connection c, String database, Duration age, List<Integer> pids) throws SQLException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                List<Integer> still = candidates(c, database, age).stream().map(Backend::pid).filter(pids::contains).toList();
                if (still.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TransientFailure("backends " + still + " still running 5 s after " + function, null);
                }
                try {
                    Thread.sleep(100); // polling PostgreSQL for the backend to exit, bounded by the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransientFailure("interrupted while verifying", e);
                }
            }
        }
    }
}
