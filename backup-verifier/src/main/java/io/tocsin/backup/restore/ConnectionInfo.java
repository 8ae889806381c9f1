package io.tocsin.backup.restore;

import java.net.URI;
import java.util.Map;

/**
 * A PostgreSQL JDBC URL split into what libpq tools ({@code psql}, {@code pg_restore}) take as
 * environment: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}.
 */
public record ConnectionInfo(String host, int port, String database, String user, String password) {

    /**
     * Parses {@code jdbc:postgresql://host[:port]/database[?…]}.
     *
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public static ConnectionInfo of(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("tocsin.backup.source-url must be jdbc:postgresql://host:port/database, was " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring(5));
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (db.isBlank()) {
            throw new IllegalArgumentException("tocsin.backup.source-url names no database: " + jdbcUrl);
        }
        return new ConnectionInfo(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db,
                user == null || user.isBlank() ? "postgres" : user, password == null ? "" : password);
    }

    /** The same server, another database. */
    public ConnectionInfo withDatabase(String other) {
        return new ConnectionInfo(host, port, other, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** libpq environment for a child process (no secret on the command line). */
    public Map<String, String> environment() {
        return Map.of("PGHOST", host, "PGPORT", String.valueOf(port), "PGDATABASE", database, "PGUSER", user,
                "PGPASSWORD", password);
    }
}
