package io.tocsin.incident.changes;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/**
 * Records changes to services and links each to the incidents of its service that opened within
 * {@link ChangeSettings#window()} after it, whichever arrives second: an incident opening links the changes already
 * recorded ({@link RecentChangesRule}); a change arriving late (the pipeline reports when the deploy finished) links
 * itself to the open incidents that opened since it. A link is a {@code change.linked} timeline entry and an
 * {@code IncidentChangeLinked} event (the notifier shows it in the Slack root message), at most
 * {@link ChangeSettings#limit()} per incident, each once ({@code incident_change}).
 *
 * <p>A change and an incident committed at the same instant may miss each other (neither sees the other's
 * uncommitted row); never is a change linked twice.
 */
@Service
public class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<List<Change.Link>> LINKS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final ChangeSettings settings;
    private final Clock clock;

    Changes(JdbcClient jdbc, IncidentRepository incidents, Timeline timeline, ChangeSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.incidents = incidents;
        this.timeline = timeline;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Records a change and links it to the open incidents of its service that opened within the window after it. Their
     * grouping keys are locked first, in one sorted set, then their rows, as triage does.
     *
     * @return the incidents it was linked to; none when the change was recorded before (a redelivery)
     */
    @Transactional
    public List<UUID> record(Change change) {
        int inserted = jdbc.sql("""
                        INSERT INTO change_event (id, service, summary, source, changed_at, received_at, custom_details, links)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT (id) DO NOTHING""")
                .params(change.id(), change.service(), change.summary(), change.source(), Timestamp.from(change.changedAt()),
                        Timestamp.from(clock.instant()), TocsinJson.mapper().writeValueAsString(change.customDetails()),
                        TocsinJson.mapper().writeValueAsString(change.links()))
                .update();
        if (inserted == 0) {
            return List.of();
        }
        record Opened(UUID id, String groupingKey) {
        }
        List<Opened> opened = jdbc.sql("""
                        SELECT id, grouping_key FROM incident
                        WHERE service = ? AND status <> 'RESOLVED' AND opened_at >= ? AND opened_at <= ?
                        ORDER BY opened_at""")
                .params(change.service(), Timestamp.from(change.changedAt()),
                        Timestamp.from(change.changedAt().plus(settings.window())))
                .query((rs, n) -> new Opened(rs.getObject(1, UUID.class), rs.getString(2))).list();
        if (opened.isEmpty()) {
            return List.of();
        }
        incidents.lockGroupingKeys(opened.stream().map(Opened::groupingKey).toList());
        List<UUID> linked = new ArrayList<>();
        for (Opened o : opened) {
            incidents.findForUpdate(o.id()).filter(Incident::isOpen).ifPresent(incident -> {
                if (link(incident, change)) {
                    incidents.save(incident);
                    linked.add(incident.id());
                }
            });
        }
        log.info("change.recorded service={} changedAt={} linkedTo={}", change.service(), change.changedAt(), linked.size());
        return linked;
    }

    /**
     * Links the changes of the incident's service made within the window before {@code openedAt} to an incident this
     * transaction is opening, newest first, up to the limit. The caller saves the incident.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void linkRecent(Incident incident, Instant openedAt) {
        String service = incident.origin().service();
        if (service == null || service.isBlank()) {
            return;
        }
        List<Change> recent = jdbc.sql("""
                        SELECT id, service, summary, source, changed_at, custom_details::text, links::text FROM change_event
                        WHERE service = ? AND changed_at >= ? AND changed_at <= ? ORDER BY changed_at DESC LIMIT ?""")
                .params(service, Timestamp.from(openedAt.minus(settings.window())), Timestamp.from(openedAt), settings.limit())
                .query((rs, n) -> new Change(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), TocsinJson.mapper().readValue(rs.getString(6), OBJECT),
                        TocsinJson.mapper().readValue(rs.getString(7), LINKS)))
                .list();
        for (Change change : recent) {
            link(incident, change);
        }
    }

    /** Links one change unless linked already or the incident shows its limit; returns whether it did. */
    private boolean link(Incident incident, Change change) {
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                        INSERT INTO incident_change (incident_id, change_id, linked_at)
                        SELECT ?, ?, ? WHERE (SELECT count(*) FROM incident_change WHERE incident_id = ?) < ?
                        ON CONFLICT DO NOTHING""")
                .params(incident.id(), change.id(), Timestamp.from(now), incident.id(), settings.limit()).update();
        if (inserted == 0) {
            return false;
        }
        List<Map<String, String>> links = change.links().stream().map(l -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("href", l.href());
            if (l.text() != null) {
                m.put("text", l.text());
            }
            return m;
        }).toList();
        timeline.append(incident.id(), now, TimelineEntryType.CHANGE_LINKED, "system",
                change.describe(incident.origin().openedAt()), new TimelineDetails.ChangeLinked(change.id(), change.service(),
                        change.summary(), change.source(), change.changedAt(), links, change.customDetails()));
        incident.record(new IncidentChange.ChangeLinked(UUID.randomUUID(), now, change.id(), change.summary(), change.source(),
                change.changedAt(), change.links().isEmpty() ? null : change.links().getFirst().href()));
        return true;
    }
}
