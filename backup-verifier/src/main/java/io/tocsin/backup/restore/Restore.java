package io.tocsin.backup.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores one backup into a scratch database with the PostgreSQL client tools: {@code pg_restore} for custom-format
 * dumps ({@code .dump}), {@code psql} fed the decompressed script for plain dumps ({@code .sql.gz}), under a timeout.
 * The tool's standard output is discarded and its standard error goes to a temporary file while it runs, so a restore
 * that writes much never blocks on a full pipe; the last 2,000 bytes of it explain a failure.
 */
final class Restore {

    private static final Logger log = LoggerFactory.getLogger(Restore.class);
    private static final int ERROR_TAIL = 2000;

    private final String pgRestore;
    private final String psql;
    private final Duration timeout;

    /**
     * @param pgRestore the {@code pg_restore} binary ({@code tocsin.backup.pg-restore})
     * @param psql      the {@code psql} binary ({@code tocsin.backup.psql})
     * @param timeout   how long a restore may take before it is killed
     */
    Restore(String pgRestore, String psql, Duration timeout) {
        this.pgRestore = pgRestore;
        this.psql = psql;
        this.timeout = timeout;
    }

    /**
     * Runs the restore into {@code scratch} (which must exist).
     *
     * @return empty when it succeeded, else what went wrong: the exit code and the end of the tool's standard error,
     *         a timeout, or a missing binary
     */
    Optional<String> into(BackupFiles.Backup backup, ConnectionInfo scratch) {
        boolean custom = backup.format() == BackupFiles.Format.CUSTOM;
        List<String> command = custom
                ? List.of(pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", scratch.database(),
                backup.file().toString())
                : List.of(psql, "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--dbname", scratch.database());
        Path errors;
        try {
            errors = Files.createTempFile("tocsin-restore-", ".stderr");
        } catch (IOException e) {
            return Optional.of("cannot create a file for the restore's errors: " + e.getMessage());
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            pb.environment().putAll(scratch.environment());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                return Optional.of("cannot run " + command.getFirst() + ": " + e.getMessage()
                        + " (set tocsin.backup." + (custom ? "pg-restore" : "psql") + ")");
            }
            Thread feeder = custom ? null : feed(backup, process);
            return waitFor(process, feeder, errors, custom);
        } finally {
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                log.info("backup.restore_errors_not_deleted file={} reason=\"{}\"", errors, e.getMessage());
            }
        }
    }

    /** Feeds a plain dump, decompressed, to psql's standard input on a virtual thread. */
    private static Thread feed(BackupFiles.Backup backup, Process process) {
        return Thread.ofVirtual().start(() -> {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(backup.file()));
                 OutputStream out = process.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                log.info("backup.feed_stopped file={} reason=\"{}\"", backup.file().getFileName(), e.getMessage());
                process.destroy();
            }
        });
    }

    private Optional<String> waitFor(Process process, Thread feeder, Path errors, boolean custom) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return Optional.of("timed out after " + timeout.toSeconds() + "s");
            }
            if (feeder != null) {
                feeder.join(Duration.ofSeconds(5));
            }
            String stderr = tail(errors);
            if (process.exitValue() != 0) {
                return Optional.of("exit " + process.exitValue() + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            // psql with ON_ERROR_STOP exits 3 on a failed statement, but errors before the first statement only print.
            if (!custom && stderr.contains("ERROR")) {
                return Optional.of(stderr);
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.of("interrupted");
        } catch (IOException e) {
            return Optional.of("reading the restore's errors: " + e.getMessage());
        }
    }

    /** The last {@value #ERROR_TAIL} bytes of the file, stripped. */
    private static String tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - ERROR_TAIL);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }
}
