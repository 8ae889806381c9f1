package io.tocsin.remediation.actions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code backup.prune-old-files} (seed runbook "disk space low": {@code find /backups -name "goodgo_*.sql.gz"
 * -mtime +7 -delete}): deletes files in {@code directory} matching the glob {@code pattern} older than
 * {@code olderThanDays} (default 7), never the newest matching file; reports the files and bytes freed.
 */
@Component
class BackupPruneOldFiles implements RemediationAction {

    private final Clock clock;

    BackupPruneOldFiles(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "backup.prune-old-files";
    }

    @Override
    public String target() {
        return "backup";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required("directory", Kind.STRING), Param.optional("pattern", Kind.STRING),
                Param.optional("olderThanDays", Kind.INTEGER));
    }

    private record Candidate(Path path, FileTime modified, long size) {
    }

    @Override
    public ActionReport execute(ActionContext ctx) throws IOException {
        Path directory = Path.of(ctx.string("directory"));
        String pattern = ctx.string("pattern", "*");
        int days = ctx.integer("olderThanDays", 7);
        if (!Files.isDirectory(directory)) {
            throw new PermanentFailure("params.directory: no such directory " + directory);
        }
        List<Candidate> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, pattern)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    files.add(new Candidate(p, Files.getLastModifiedTime(p), Files.size(p)));
                }
            }
        }
        files.sort(Comparator.comparing(Candidate::modified).reversed());
        FileTime cutoff = FileTime.from(clock.instant().minus(Duration.ofDays(days)));
        List<Candidate> old = files.stream().skip(1).filter(f -> f.modified().compareTo(cutoff) < 0).toList();
        long bytes = old.stream().mapToLong(Candidate::size).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("directory", directory.toString());
        details.put("pattern", pattern);
        details.put("olderThanDays", days);
        details.put("files", old.stream().map(f -> f.path().getFileName().toString()).toList());
        details.put("bytes", bytes);
        if (!files.isEmpty()) {
            details.put("kept newest", files.getFirst().path().getFileName().toString());
        }
        if (old.isEmpty()) {
            return ActionReport.skipped("nothing to do: no " + pattern + " older than " + days + " days besides the newest", details);
        }
        if (ctx.dryRun()) {
            return ActionReport.done("dry run: would delete " + old.size() + " file(s), " + bytes + " bytes", details);
        }
        long freed = 0;
        for (Candidate f : old) {
            try {
                Files.delete(f.path());
                freed += f.size();
            } catch (NoSuchFileException ignored) {
                // deleted meanwhile: the goal is reached
            }
        }
        details.put("bytesFreed", freed);
        return ActionReport.done("deleted " + old.size() + " file(s), freed " + freed + " bytes", details);
    }
}
