package io.tocsin.backup.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What a dump holds of one table: its watermark column and the largest value the restored copy has. Rows above it
 * were written after the dump ({@code bigserial}, identity and timestamp columns only grow), so the live table is
 * compared only up to it (docs/adr/0008-backups-compared-up-to-their-watermark.md).
 */
record Watermark(String table, String column, String type, String max) {

    /**
     * The watermark of {@code table} in the restored database: {@code configured} (a numeric, date/time or text
     * column), else its single-column primary key when that only grows (numeric, date/time: sequences, identities,
     * timestamps; not a random UUID); empty when there is none or the restored table is empty (nothing to bound by).
     */
    static Optional<Watermark> of(Connection restored, String table, String configured) throws SQLException {
        boolean chosen = configured != null && !configured.isBlank();
        String column = configured;
        if (!chosen) {
            List<String> pk = Comparison.strings(restored, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                    + "AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '" + Comparison.quote(table).replace("'", "''")
                    + "'::regclass");
            if (pk.size() != 1) {
                return Optional.empty();
            }
            column = pk.getFirst();
        }
        String type;
        String category;
        try (ResultSet rs = restored.createStatement().executeQuery("SELECT format_type(a.atttypid, a.atttypmod), "
                + "t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = '"
                + Comparison.quote(table).replace("'", "''") + "'::regclass AND a.attname = '" + column.replace("'", "''")
                + "' AND NOT a.attisdropped")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            type = rs.getString(1);
            category = rs.getString(2);
        }
        if (!("N".equals(category) || "D".equals(category) || (chosen && "S".equals(category)))) {
            return Optional.empty();
        }
        String col = "\"" + column.replace("\"", "\"\"") + "\"";
        try (ResultSet rs = restored.createStatement().executeQuery("SELECT max(" + col + ")::text FROM " + Comparison.quote(table))) {
            rs.next();
            return rs.getString(1) == null ? Optional.empty() : Optional.of(new Watermark(table, col, type, rs.getString(1)));
        }
    }

    long countUpTo(Connection c) {
        try {
            return Comparison.number(c, "SELECT count(*) FROM " + Comparison.quote(table) + " WHERE " + bound());
        } catch (SQLException e) {
            throw new java.io.UncheckedIOException(new IOException("counting " + table + ": " + e.getMessage(), e));
        }
    }

    /** md5 over the rows' text up to the watermark, ordered by primary key (all columns when it has none), and their count. */
    String checksumUpTo(Connection c) throws SQLException {
        List<String> pk = Comparison.strings(c, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY(i.indkey) WHERE i.indisprimary AND i.indrelid = '" + Comparison.quote(table).replace("'", "''")
                + "'::regclass ORDER BY array_position(i.indkey, a.attnum)");
        String order = pk.isEmpty() ? "t::text" : String.join(", ", pk.stream().map(k -> "t.\"" + k.replace("\"", "\"\"") + "\"").toList());
        try (ResultSet rs = c.createStatement().executeQuery("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY " + order
                + "), '')) || ' (' || count(*) || ' rows)' FROM " + Comparison.quote(table) + " t WHERE " + bound())) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String bound() {
        return column + " <= '" + max.replace("'", "''") + "'::" + type;
    }

    String describe() {
        return column.replace("\"", "") + " " + max;
    }
}
