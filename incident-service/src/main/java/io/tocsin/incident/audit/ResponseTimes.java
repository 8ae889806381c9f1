package io.tocsin.incident.audit;

import io.tocsin.incident.escalation.EscalationSettings;
import io.tocsin.incident.incident.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Response-time figures per group (severity, service, the person who acknowledged, or the schedule paged first):
 * counts, time to acknowledge (MTTA) and to
 * resolve (MTTR) as mean, p50 and p90 in seconds, and targets met or missed (seed escalation matrix).
 *
 * <p>Definitions: MTTA over acknowledged incidents, MTTR over resolved ones. Percentiles are nearest-rank
 * ({@code ceil(p·n)}-th smallest). An acknowledge target is met when acknowledged within it; missed
 * when acknowledged later, or never acknowledged although still open past the target at {@code asOf};
 * incidents resolved without acknowledgement are not counted for it. A resolve target is met when
 * resolved within it; missed when resolved later or still open past it. No target: {@code null}.
 */
public final class ResponseTimes {

    private ResponseTimes() {
    }

    /** Mean, p50, p90 in seconds; {@code null}s when there is no sample. */
    public record Stats(Double mean, Long p50, Long p90) {
        static Stats of(List<Long> seconds) {
            if (seconds.isEmpty()) {
                return new Stats(null, null, null);
            }
            List<Long> sorted = new ArrayList<>(seconds);
            Collections.sort(sorted);
            double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
            return new Stats(Math.round(mean * 10) / 10.0, rank(sorted, 0.5), rank(sorted, 0.9));
        }

        private static long rank(List<Long> sorted, double p) {
            int index = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, index));
        }
    }

    /** One group's figures. */
    public record Group(String group, int incidents, int acknowledged, int resolved, Stats mtta, Stats mttr,
                        Integer ackTargetMet, Integer ackTargetMissed, Integer resolveTargetMet,
                        Integer resolveTargetMissed) {
    }

    /** Computes the figures of {@code incidents}, grouped by {@code groupBy} ("severity" or "service"). */
    public static List<Group> compute(List<Incident> incidents, String groupBy, Map<io.tocsin.incident.incident.Severity,
            EscalationSettings.Target> targets, Instant asOf) {
        return compute(incidents, "service".equals(groupBy)
                ? i -> i.service() == null ? "(none)" : i.service()
                : i -> i.severity().name(), targets, asOf);
    }

    /**
     * Computes the figures of {@code incidents} grouped by {@code key} (e.g. who acknowledged, for MTTA per person; the
     * schedule paged first, for MTTA per schedule), groups in name order.
     */
    public static List<Group> compute(List<Incident> incidents, Function<Incident, String> key,
                                      Map<io.tocsin.incident.incident.Severity, EscalationSettings.Target> targets, Instant asOf) {
        Map<String, List<Incident>> groups = new TreeMap<>();
        for (Incident i : incidents) {
            groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((name, list) -> {
            List<Long> ack = new ArrayList<>();
            List<Long> res = new ArrayList<>();
            int ackMet = 0;
            int ackMissed = 0;
            int resMet = 0;
            int resMissed = 0;
            boolean anyAckTarget = false;
            boolean anyResolveTarget = false;
            for (Incident i : list) {
                EscalationSettings.Target target = targets.get(i.severity());
                if (i.acknowledgedAt() != null) {
                    ack.add(Duration.between(i.openedAt(), i.acknowledgedAt()).toSeconds());
                }
                if (i.resolvedAt() != null) {
                    res.add(Duration.between(i.openedAt(), i.resolvedAt()).toSeconds());
                }
                if (target != null && target.acknowledge() != null) {
                    anyAckTarget = true;
                    Instant due = i.openedAt().plus(target.acknowledge());
                    if (i.acknowledgedAt() != null) {
                        if (i.acknowledgedAt().isAfter(due)) {
                            ackMissed++;
                        } else {
                            ackMet++;
                        }
                    } else if (i.resolvedAt() == null && asOf.isAfter(due)) {
                        ackMissed++;
                    }
                }
                if (target != null && target.resolve() != null) {
                    anyResolveTarget = true;
                    Instant due = i.openedAt().plus(target.resolve());
                    if (i.resolvedAt() != null) {
                        if (i.resolvedAt().isAfter(due)) {
                            resMissed++;
                        } else {
                            resMet++;
                        }
                    } else if (asOf.isAfter(due)) {
                        resMissed++;
                    }
                }
            }
            out.add(new Group(name, list.size(), ack.size(), res.size(), Stats.of(ack), Stats.of(res),
                    anyAckTarget ? ackMet : null, anyAckTarget ? ackMissed : null,
                    anyResolveTarget ? resMet : null, anyResolveTarget ? resMissed : null));
        });
        return out;
    }

    /** The groups as CSV (RFC 4180), header {@link #CSV_HEADER}; durations in seconds, an empty cell for none. */
    public static String csv(List<Group> groups) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(out,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            for (List<Object> row : csvRows(groups)) {
                csv.printRecord(row);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Header and rows for the CSV form. */
    public static List<List<Object>> csvRows(List<Group> groups) {
        List<List<Object>> rows = new ArrayList<>();
        for (Group g : groups) {
            rows.add(List.of(g.group(), g.incidents(), g.acknowledged(), g.resolved(), n(g.mtta().mean()), n(g.mtta().p50()),
                    n(g.mtta().p90()), n(g.mttr().mean()), n(g.mttr().p50()), n(g.mttr().p90()), n(g.ackTargetMet()),
                    n(g.ackTargetMissed()), n(g.resolveTargetMet()), n(g.resolveTargetMissed())));
        }
        return rows;
    }

    static final String[] CSV_HEADER = {"group", "incidents", "acknowledged", "resolved", "mtta_mean_s", "mtta_p50_s",
            "mtta_p90_s", "mttr_mean_s", "mttr_p50_s", "mttr_p90_s", "ack_target_met", "ack_target_missed",
            "resolve_target_met", "resolve_target_missed"};

    private static Object n(Object value) {
        return value == null ? "" : value;
    }
}
