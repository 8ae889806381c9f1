package io.tocsin.bench.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * The one PostgreSQL every instance shares (this machine's, 127.0.0.1:5432, trust authentication): a fresh
 * {@code tocsin_scale} database for Tocsin's schemas, and {@code scale_shop}, a small shop database whose
 * {@code pg_dump} is the backup the backup-verifier instances verify on every tick.
 */
final class ScaleDatabase {

    static final String DATABASE = "tocsin_scale";
    static final String SHOP = "scale_shop";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private ScaleDatabase() {
    }

    /** Drops and creates both databases, fills the shop and dumps it into {@code backups} as the seed names dumps. */
    static void prepare(Path backups) throws SQLException, IOException, InterruptedException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            for (String db : new String[] {DATABASE, SHOP}) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + db);
            }
        }
        try (Connection c = DriverManager.getConnection(SERVER + SHOP, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, customer TEXT NOT NULL, total NUMERIC(10,2) NOT NULL)");
            s.execute("INSERT INTO orders (customer, total) SELECT 'customer-' || i, i * 1.5 FROM generate_series(1, 5000) i");
        }
        String name = SHOP + "_" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + ".dump";
        Process dump = new ProcessBuilder("pg_dump", "-Fc", "-h", "127.0.0.1", "-U", "postgres", "-f",
                backups.resolve(name).toString(), SHOP).redirectErrorStream(true)
                .redirectOutput(backups.resolveSibling("pg_dump.log").toFile()).start();
        if (!dump.waitFor(2, TimeUnit.MINUTES) || dump.exitValue() != 0) {
            throw new IllegalStateException("pg_dump of " + SHOP + " failed; see " + backups.resolveSibling("pg_dump.log"));
        }
    }

    /** A connection to {@code tocsin_scale}, for the checks. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
    }

    /** {@code jdbc:postgresql://127.0.0.1:5432/scale_shop}. */
    static String shopUrl() {
        return SERVER + SHOP;
    }
}
