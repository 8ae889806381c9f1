package io.tocsin.backup.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares a restored copy with the live database (seed 000 section 9): {@code tables_present}, {@code row_counts}
 * (within a tolerance, up to each table's watermark, ADR 0008), {@code checksum:<table>} for critical tables,
 * {@code extensions}, {@code index_count} and {@code enum_type_count}.
 */
final class Comparison {

    private final List<String> tables;
    private final List<String> criticalTables;
    private final Map<String, String> watermarkColumns;
    private final double rowCountTolerance;

    /**
     * @param tables            the tables that must be present; empty = every live table
     * @param criticalTables    tables compared by checksum
     * @param watermarkColumns  per table, the column that bounds what a dump holds, when not its primary key
     * @param rowCountTolerance allowed relative difference of row counts (0.0 = exact)
     */
    Comparison(List<String> tables, List<String> criticalTables, Map<String, String> watermarkColumns,
               double rowCountTolerance) {
        this.tables = tables;
        this.criticalTables = criticalTables;
        this.watermarkColumns = watermarkColumns;
        this.rowCountTolerance = rowCountTolerance;
    }

    /** Adds the comparison's checks of {@code scratch} against {@code live} to {@code checks}. */
    void compare(ConnectionInfo live, ConnectionInfo scratch, List<Check> checks) throws SQLException {
        try (Connection l = connect(live); Connection r = connect(scratch)) {
            TreeSet<String> liveTables = new TreeSet<>(strings(l, TABLES));
            TreeSet<String> restoredTables = new TreeSet<>(strings(r, TABLES));
            TreeSet<String> expected = tables.isEmpty() ? liveTables : new TreeSet<>(tables.stream()
                    .map(t -> t.contains(".") ? t : "public." + t).toList());
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(restoredTables);
            checks.add(new Check("tables_present", expected.size() + " tables", missing.isEmpty()
                    ? restoredTables.size() + " tables" : "missing " + String.join(", ", missing), missing.isEmpty()));

            // Compared up to each table's watermark (docs/adr/0008): rows the live database took after the dump are
            // left out, so a good dump of a database under writes verifies.
            List<String> countProblems = new ArrayList<>();
            long liveRows = 0;
            long restoredRows = 0;
            for (String table : expected) {
                if (!restoredTables.contains(table) || !liveTables.contains(table)) {
                    continue;
                }
                Optional<Watermark> mark = Watermark.of(r, table, watermarkColumns.get(table));
                long b = count(r, table);
                long a = mark.map(m -> m.countUpTo(l)).orElseGet(() -> count(l, table));
                liveRows += a;
                restoredRows += b;
                if (Math.abs(a - b) > Math.max(rowCountTolerance * a, 0)) {
                    countProblems.add(table + " " + b + " vs " + a + mark.map(m -> " up to " + m.describe()).orElse(""));
                }
            }
            checks.add(new Check("row_counts", liveRows + " rows (±" + Math.round(rowCountTolerance * 100)
                    + "%, up to each table's watermark)", countProblems.isEmpty() ? restoredRows + " rows"
                    : "differ: " + String.join("; ", countProblems), countProblems.isEmpty()));

            for (String table : criticalTables) {
                String qualified = table.contains(".") ? table : "public." + table;
                if (!restoredTables.contains(qualified)) {
                    checks.add(new Check("checksum:" + qualified, "the table", "table missing", false));
                    continue;
                }
                Optional<Watermark> mark = Watermark.of(r, qualified, watermarkColumns.get(qualified));
                if (mark.isEmpty() && count(r, qualified) == 0) {
                    long liveCount = count(l, qualified);
                    checks.add(new Check("checksum:" + qualified, "rows as in the live table", liveCount == 0 ? "both empty"
                            : "restored copy empty, live has " + liveCount + " rows", liveCount == 0));
                    continue;
                }
                if (mark.isEmpty()) {
                    checks.add(new Check("checksum:" + qualified, "a watermark: a growing single-column primary key "
                            + "(numeric, date/time) or tocsin.backup.watermark-columns[" + qualified + "]", "none", false));
                    continue;
                }
                String a = mark.get().checksumUpTo(l);
                String b = mark.get().checksumUpTo(r);
                checks.add(new Check("checksum:" + qualified, a + " up to " + mark.get().describe(), b, a.equals(b)));
            }

            TreeSet<String> liveExtensions = new TreeSet<>(strings(l, EXTENSIONS));
            TreeSet<String> restoredExtensions = new TreeSet<>(strings(r, EXTENSIONS));
            checks.add(new Check("extensions", String.join(",", liveExtensions), String.join(",", restoredExtensions),
                    restoredExtensions.containsAll(liveExtensions)));
            long liveIndexes = number(l, INDEXES);
            long restoredIndexes = number(r, INDEXES);
            checks.add(new Check("index_count", String.valueOf(liveIndexes), String.valueOf(restoredIndexes),
                    restoredIndexes >= liveIndexes));
            long liveEnums = number(l, ENUMS);
            long restoredEnums = number(r, ENUMS);
            checks.add(new Check("enum_type_count", String.valueOf(liveEnums), String.valueOf(restoredEnums),
                    restoredEnums >= liveEnums));
        }
    }

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname NOT LIKE 'pg_temp%'";
    private static final String TABLES = "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind IN ('r', 'p') AND " + USER_SCHEMAS;
    private static final String EXTENSIONS = "SELECT extname FROM pg_extension";
    private static final String INDEXES = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'i' AND " + USER_SCHEMAS;
    private static final String ENUMS = "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            + "WHERE t.typtype = 'e' AND " + USER_SCHEMAS;

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static long number(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String table) {
        try {
            return number(c, "SELECT count(*) FROM " + quote(table));
        } catch (SQLException e) {
            throw new java.io.UncheckedIOException(new IOException("counting " + table + ": " + e.getMessage(), e));
        }
    }

    static String quote(String qualified) {
        String[] parts = qualified.split("\\.", 2);
        return "\"" + parts[0].replace("\"", "\"\"") + "\".\"" + parts[1].replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(ConnectionInfo info) throws SQLException {
        return DriverManager.getConnection(info.jdbcUrl(), info.user(), info.password());
    }
}
