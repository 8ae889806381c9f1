package io.tocsin.incident.audit;

import io.tocsin.incident.escalation.EscalationPolicy;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineEntryType;
import io.tocsin.oncall.OnCallConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * The response-time report (seed 002's targets, seed 000's matrix): the incidents opened in a period grouped by
 * severity, service, who acknowledged or the schedule paged first, with MTTA and MTTR and targets met and missed
 * ({@link ResponseTimes}) — for {@code GET /api/v1/reports/response-times} and the console's reports page, which also
 * asks for it per week ({@link #overTime}).
 */
@Service
public class ResponseTimeReports {

    /** The ways to group, as the API's {@code groupBy} names them. */
    public static final List<String> GROUP_BY = List.of("severity", "service", "acknowledger", "schedule");
    private final IncidentQueries incidents;
    private final Timeline timeline;
    private final EscalationPolicy policy;
    private final OnCallConfig oncall;
    private final Clock clock;

    ResponseTimeReports(IncidentQueries incidents, Timeline timeline, EscalationPolicy policy, OnCallConfig oncall,
                        Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.policy = policy;
        this.oncall = oncall;
        this.clock = clock;
    }

    /** A report of the incidents opened from {@code from} (inclusive) to {@code to}. */
    public record Report(Instant from, Instant to, List<ResponseTimes.Group> groups) {
    }

    /**
     * The report of a period.
     *
     * @throws IllegalArgumentException naming {@code groupBy} when it is not one of {@link #GROUP_BY}
     */
    public Report of(Instant from, Instant to, String groupBy) {
        return of(from, to, groupBy, opened(from, to));
    }

    /**
     * The period cut into consecutive buckets of {@code step} (the last one shorter), each with the report of the
     * incidents opened in it — one read of the whole period.
     */
    public List<Report> overTime(Instant from, Instant to, Duration step, String groupBy) {
        List<Incident> all = opened(from, to);
        List<Report> buckets = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(step)) {
            Instant end = start.plus(step).isAfter(to) ? to : start.plus(step);
            Instant s = start;
            buckets.add(of(start, end, groupBy, all.stream()
                    .filter(i -> !i.openedAt().isBefore(s) && i.openedAt().isBefore(end)).toList()));
        }
        return buckets;
    }

    private Report of(Instant from, Instant to, String groupBy, List<Incident> opened) {
        if (!GROUP_BY.contains(groupBy)) {
            throw new IllegalArgumentException("groupBy: must be severity, service, acknowledger or schedule, was '"
                    + groupBy + "'");
        }
        Instant asOf = to.isBefore(clock.instant()) ? to : clock.instant();
        Function<Incident, String> key = switch (groupBy) {
            case "acknowledger" -> i -> acknowledger(i.acknowledgedBy());
            case "schedule" -> {
                Map<UUID, String> firstPaged = timeline.firstDetail(opened.stream().map(Incident::id).toList(),
                        TimelineEntryType.PAGE_SENT, "target");
                yield i -> schedule(firstPaged.get(i.id()));
            }
            default -> null;
        };
        return new Report(from, to, key == null ? ResponseTimes.compute(opened, groupBy, policy.targets(), asOf)
                : ResponseTimes.compute(opened, key, policy.targets(), asOf));
    }

    private List<Incident> opened(Instant from, Instant to) {
        List<Incident> all = new ArrayList<>();
        int page = 0;
        while (true) {
            var chunk = incidents.page(new IncidentFilter(null, null, null, from, to, page++, 500));
            all.addAll(chunk.items());
            if (chunk.items().size() < 500) {
                return all;
            }
        }
    }

    /** A Slack actor as the on-call person it is ({@code Alice Example (alice)}); other actors as recorded. */
    private String acknowledger(String actor) {
        if (actor == null) {
            return "(not acknowledged)";
        }
        if (actor.startsWith("slack:")) {
            return oncall.bySlackId(actor.substring("slack:".length())).map(p -> p.name() + " (" + p.id() + ")").orElse(actor);
        }
        return actor;
    }

    /** {@code schedule primary/backup} → {@code primary}; no schedule paged first → {@code (none)}. */
    private static String schedule(String target) {
        if (target == null || !target.startsWith("schedule ")) {
            return "(none)";
        }
        String name = target.substring("schedule ".length());
        int layer = name.indexOf('/');
        return layer < 0 ? name : name.substring(0, layer);
    }
}
