package io.tocsin.standalone.drills;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The drill-owned PostgreSQL cluster: the machine's server binaries (Debian package {@code postgresql}) on a folder and
 * port of the drill's, with {@code max_connections=250} so the seed's 180-connection threshold can be crossed. As root
 * it runs as user {@code postgres}. It holds the "application" database {@link DrillStack#APP_DATABASE}, owned by the
 * non-superuser role {@link DrillStack#APP_ROLE} (remediation never ends superuser sessions), with a {@code listing}
 * table for backup-verifier to dump, restore and compare.
 */
final class DrillPostgres {

    private final int port;
    private final Path folder;
    private final Path logCopy;
    private final boolean root = "root".equals(System.getProperty("user.name"));
    private final String bin = serverBinaries();

    /**
     * @param port    the port to listen on (127.0.0.1)
     * @param folder  an empty folder for the cluster, its socket and its log
     * @param logCopy where {@link #stop()} copies the server's log
     */
    DrillPostgres(int port, Path folder, Path logCopy) {
        this.port = port;
        this.folder = folder;
        this.logCopy = logCopy;
    }

    /** Creates and starts the cluster, then the application's role, database and data. */
    void start() throws Exception {
        Path data = folder.resolve("data");
        if (root) {
            run(List.of("chown", "postgres", folder.toString()));
        }
        run(asPostgres(bin + "/initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8"));
        run(asPostgres(bin + "/pg_ctl", "-D", data.toString(), "-l", folder.resolve("server.log").toString(), "-w",
                "-o", "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + folder
                        + " -c max_connections=250 -c fsync=off", "start"));
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE ROLE " + DrillStack.APP_ROLE + " LOGIN");
            c.createStatement().execute("CREATE DATABASE " + DrillStack.APP_DATABASE + " OWNER " + DrillStack.APP_ROLE);
        }
        try (Connection c = DriverManager.getConnection(url(DrillStack.APP_DATABASE), DrillStack.APP_ROLE, "")) {
            c.createStatement().execute("""
                    CREATE TABLE listing (id bigserial PRIMARY KEY, title text NOT NULL, price_cents bigint NOT NULL);
                    INSERT INTO listing (title, price_cents) SELECT 'flat ' || n, n * 1000 FROM generate_series(1, 500) n""");
        }
    }

    /** Stops the server at once and keeps its log; reports, never throws, so the rest of the stack still stops. */
    void stop() {
        try {
            run(asPostgres(bin + "/pg_ctl", "-D", folder.resolve("data").toString(), "-m", "immediate", "stop"));
            Files.copy(folder.resolve("server.log"), logCopy, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            System.err.println("drill: could not stop PostgreSQL: " + e.getMessage());
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Dumps {@code database} with the machine's {@code pg_dump -Fc}, as the seed's backup job does, to
     * {@code <database>_YYYYMMDD_HHMMSS.dump} for {@code takenAt} (UTC) in {@code folder}.
     */
    static Path dump(int port, String database, Path folder, Instant takenAt) throws Exception {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(takenAt);
        Path file = folder.resolve(database + "_" + stamp + ".dump");
        run(List.of("pg_dump", "-Fc", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-f", file.toString(),
                database));
        return file;
    }

    private List<String> asPostgres(String... command) {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    /** The newest PostgreSQL under {@code /usr/lib/postgresql} that has a server ({@code initdb}). */
    private static String serverBinaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/initdb").canExecute());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql (Debian package postgresql)");
        }
        Arrays.sort(versions, Comparator.comparingInt(f -> Integer.parseInt(f.getName().replaceAll("\\D", "0"))));
        return versions[versions.length - 1].toPath().resolve("bin").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
