package io.tocsin.common.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that integration tests use, chosen once per JVM (design.md, Tests on these machines):
 * {@code TOCSIN_TEST_DATABASE_URL}, else the machine's server on 127.0.0.1:5432 when reachable, else
 * Testcontainers when Docker is available, else embedded PostgreSQL (zonky). On a shared server each
 * JVM gets a database of its own ({@code tocsin_it_<random>}), dropped at exit, so runs never see each
 * other's rows.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static volatile Database database;

    private TestPostgres() {
    }

    /** JDBC URL, user and password of the test database. */
    public record Database(String url, String username, String password) {
    }

    /** The test database, started or created on first use. */
    public static synchronized Database database() {
        if (database == null) {
            database = resolve();
            log.info("test.postgres url={}", database.url());
        }
        return database;
    }

    /**
     * Another, empty database on the same server, for a Spring context that must not share tables with the
     * others (e.g. because its background jobs would act on their rows). Dropped at JVM exit.
     */
    public static synchronized Database newDatabase() {
        Database shared = database();
        String url = shared.url();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String serverUrl = base.substring(0, base.lastIndexOf('/') + 1);
        return freshDatabase(serverUrl, shared.username(), shared.password());
    }

    private static Database resolve() {
        String explicit = System.getenv("TOCSIN_TEST_DATABASE_URL");
        if (explicit != null && !explicit.isBlank()) {
            return new Database(explicit, env("TOCSIN_TEST_DATABASE_USERNAME", "postgres"),
                    env("TOCSIN_TEST_DATABASE_PASSWORD", ""));
        }
        if (reachable("127.0.0.1", 5432)) {
            return freshDatabase("jdbc:postgresql://127.0.0.1:5432/", "postgres", "");
        }
        if (dockerAvailable()) {
            return Containers.postgres();
        }
        return Embedded.postgres();
    }

    private static Database freshDatabase(String serverUrl, String user, String password) {
        String name = "tocsin_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + serverUrl + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropWhenUnused(serverUrl, user, password, name)));
        return new Database(serverUrl + name, user, password);
    }

    /**
     * Drops a test database at JVM exit once the Spring contexts' own shutdown hooks (which run at the same
     * time) have closed their pools: a forced drop while they still shut down made each of them wait out
     * Hikari's 30 s connection timeout. After 15 s of PostgreSQL's "being accessed by other users" (55006)
     * it forces the drop. Best effort: a leftover {@code tocsin_it_*} database is harmless.
     */
    private static void dropWhenUnused(String serverUrl, String user, String password, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password)) {
            while (true) {
                try {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + name
                            + (System.nanoTime() > deadline ? " WITH (FORCE)" : ""));
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState())) {
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                }
            }
        } catch (SQLException ignored) {
            // server gone: nothing to drop
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Testcontainers path; only touched when Docker answers. */
    private static final class Containers {
        static Database postgres() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
    }

    /** Embedded path: the same root-safe server standalone uses. */
    private static final class Embedded {
        static Database postgres() {
            try {
                var dir = java.nio.file.Files.createTempDirectory("tocsin-it-pg",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
                var server = new io.tocsin.embedded.EmbeddedPostgres(dir.resolve("data"), 0).start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                return new Database(server.jdbcUrl("postgres"), "postgres", "");
            } catch (IOException e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
