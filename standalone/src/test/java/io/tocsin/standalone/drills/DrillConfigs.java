package io.tocsin.standalone.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The drill's copies of the files users deploy, changed only in time and addresses (issue 15): every {@code for:} of
 * {@code deploy/prometheus/rules/*.yml} and every {@code olderThan} of the default runbook catalogue divided by
 * {@link #TIME_SCALE}; Alertmanager's {@code group_wait}/{@code group_interval} shortened and its webhook pointed at the
 * drill's Tocsin. Expressions, thresholds, labels, routes, inhibit rules and steps stay as shipped.
 */
final class DrillConfigs {

    /** Drill time runs this many times faster than production time for {@code for:} and {@code olderThan}. */
    static final int TIME_SCALE = 12;

    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)(\\S+)\\s*$");
    private static final Pattern OLDER_THAN = Pattern.compile("olderThan:\\s*([0-9]+[smhd])");
    private static final Pattern GROUP_WAIT = Pattern.compile("(?m)^(\\s+group_wait:\\s*)\\S+\\s*$");
    private static final Pattern GROUP_INTERVAL = Pattern.compile("(?m)^(\\s+group_interval:\\s*)\\S+\\s*$");

    private DrillConfigs() {
    }

    /** The repository's root (Maven runs the standalone module's tests in {@code standalone/}). */
    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
    }

    /** Copies the shipped rule files into {@code target} with every {@code for:} divided by {@link #TIME_SCALE}. */
    static List<Path> rules(Path target) throws IOException {
        Files.createDirectories(target);
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> files = Files.list(repository().resolve("deploy/prometheus/rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                Path copy = target.resolve(file.getFileName());
                Files.writeString(copy, replace(FOR, Files.readString(file), m -> m.group(1) + scaled(m.group(2))));
                copies.add(copy);
            }
        }
        return copies;
    }

    /**
     * The shipped Alertmanager configuration with {@code group_wait: 1s}, {@code group_interval: 2s}, and the
     * receiver's URL and token file pointed at the drill's Tocsin.
     */
    static String alertmanager(String ingestUrl, Path tokenFile) throws IOException {
        String shipped = Files.readString(repository().resolve("deploy/alertmanager/alertmanager.yml"));
        String config = replace(GROUP_WAIT, shipped, m -> m.group(1) + "1s");
        config = replace(GROUP_INTERVAL, config, m -> m.group(1) + "2s");
        config = config.replace("http://alert-ingest:8081/api/v1/alerts/alertmanager", ingestUrl)
                .replace("/alertmanager/secrets/tocsin_ingest_token", tokenFile.toString());
        if (config.equals(shipped) || !config.contains(ingestUrl)) {
            throw new IllegalStateException("deploy/alertmanager/alertmanager.yml changed shape: the drill cannot point it at Tocsin");
        }
        return config;
    }

    /**
     * The drills' on-call configuration (README "On-call"): schedule {@code sre} rotating Ana and Ben daily at 09:00
     * Berlin time, and for the API's SEV2 incidents seed 000's matrix as a policy, in drill time: the on-call person at
     * once, the team lead after the SEV2 acknowledge target. Which of the two is on call depends on the day the drill
     * runs; the drill asks {@code GET /api/v1/oncall/sre} and expects that person's page.
     */
    static String oncall() {
        return """
                people:
                  - {id: ana, name: Ana Drill, slack: U0DRILLANA}
                  - {id: ben, name: Ben Drill, slack: U0DRILLBEN}
                  - {id: lead, name: Lee Lead, slack: U0DRILLLEAD}
                schedules:
                  - name: sre
                    timeZone: Europe/Berlin
                    layers:
                      - {name: primary, rotation: daily, handoff: "09:00", start: 2026-01-05, people: [ana, ben]}
                escalationPolicies:
                  - name: api-sev2
                    match: {service: api}
                    severities: [SEV2]
                    levels:
                      - {delay: 0s, page: [{schedule: sre}]}
                      - {delay: %ds, page: [{person: lead}]}
                """.formatted(scaled(Duration.ofMinutes(15)).toSeconds());
    }

    /** The default runbook catalogue with every {@code olderThan} divided by {@link #TIME_SCALE}. */
    static String catalogue() throws IOException {
        String shipped = Files.readString(repository().resolve(
                "remediation-worker/src/main/resources/remediation/default-catalogue.yml"));
        return replace(OLDER_THAN, shipped, m -> "olderThan: " + scaled(m.group(1)));
    }

    /** A Prometheus or catalogue duration ({@code 2m}, {@code 30s}, {@code 1h}) divided by the scale, in ms. */
    static String scaled(String duration) {
        Duration d = parse(duration);
        return Math.max(1, d.toMillis() / TIME_SCALE) + "ms";
    }

    /** A production duration as it passes in a drill. */
    static Duration scaled(Duration production) {
        return production.dividedBy(TIME_SCALE);
    }

    private static Duration parse(String duration) {
        Matcher m = Pattern.compile("([0-9]+)(ms|s|m|h|d)").matcher(duration);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end != duration.length() || total.isZero()) {
            throw new IllegalArgumentException("not a duration: " + duration);
        }
        return total;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<java.util.regex.MatchResult, String> with) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }
}
