package io.tocsin.backup.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest backup of a database in a folder: files {@code <db>_YYYYMMDD_HHMMSS.dump} (pg_dump
 * custom format) or {@code .sql.gz} (plain SQL, gzip), newest by the UTC timestamp in the name, the
 * file's modification time when the name has none.
 */
public final class BackupFiles {

    private static final Pattern NAME = Pattern.compile("(.+?)_(\\d{8}_\\d{6})\\.(dump|sql\\.gz)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private BackupFiles() {
    }

    /** A backup file and when it was taken. */
    public record Backup(Path file, Instant takenAt, Format format) {
    }

    /** {@code .dump} is restored with pg_restore, {@code .sql.gz} with psql. */
    public enum Format { CUSTOM, PLAIN_GZIP }

    /** The newest backup of {@code database} in {@code directory}, if any. */
    public static Optional<Backup> newest(Path directory, String database) throws IOException {
        if (directory == null || !Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(f -> parse(f, database)).flatMap(Optional::stream)
                    .max(Comparator.comparing(Backup::takenAt));
        }
    }

    private static Optional<Backup> parse(Path file, String database) {
        String name = file.getFileName().toString();
        Format format = name.endsWith(".dump") ? Format.CUSTOM : name.endsWith(".sql.gz") ? Format.PLAIN_GZIP : null;
        if (format == null || !name.startsWith(database + "_")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name);
        try {
            if (m.matches() && m.group(1).equals(database)) {
                return Optional.of(new Backup(file, LocalDateTime.parse(m.group(2), STAMP).toInstant(ZoneOffset.UTC), format));
            }
            return Optional.of(new Backup(file, Files.getLastModifiedTime(file).toInstant(), format));
        } catch (DateTimeParseException | IOException e) {
            return Optional.empty();
        }
    }
}
