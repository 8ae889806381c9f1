package io.tocsin.incident.statusupdate;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a customer update a person wrote ({@code POST /api/v1/incidents/{id}/status-updates}, {@code /incident update},
 * command {@code PostStatusUpdate}): a {@code status.updated} timeline entry by that person and an
 * {@code IncidentStatusUpdated} event, which the notifier publishes to the status page, Statuspage and the thread.
 * Allowed while the incident is open and after it resolved (the final "resolved" update often follows).
 */
@Service
public class StatusUpdates {

    /** The phases customers see (Statuspage's incident statuses, seed 004). */
    public static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");
    /** The longest message accepted (Statuspage's incident update body is free text; keep it readable). */
    public static final int MAX_MESSAGE = 4000;
    private static final Logger log = LoggerFactory.getLogger(StatusUpdates.class);

    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final Clock clock;

    StatusUpdates(IncidentRepository incidents, Timeline timeline, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * A customer update.
     *
     * @param status       one of {@link #STATUSES}, any case
     * @param message      what customers read, required, at most {@link #MAX_MESSAGE} characters
     * @param impact       who is affected and how; may be {@code null}
     * @param workaround   what customers can do meanwhile; may be {@code null}
     * @param nextUpdateAt when the next update is promised (after now); may be {@code null}
     * @param publicTitle  the incident's title on the status page from now on (at most 200 characters); {@code null}
     *                     keeps it
     */
    public record StatusUpdate(String status, String message, String impact, String workaround, Instant nextUpdateAt,
                               String publicTitle) {
    }

    /**
     * Records a customer update.
     *
     * @param reference UUID or {@code INC-<n>}
     * @param by        who wrote it
     * @return the incident
     * @throws IllegalArgumentException naming the field that is missing or malformed
     * @throws io.tocsin.incident.incident.IncidentNotFound for an unknown reference
     */
    @Transactional
    public Incident post(String reference, StatusUpdate update, String by) {
        return post(reference, update, by, null);
    }

    /**
     * As {@link #post(String, StatusUpdate, String)}, with {@code nextUpdateAt} checked against {@code writtenAt} (when
     * the person wrote it: a command consumed late is still taken) instead of now.
     *
     * @param writtenAt when it was written; {@code null} = now
     */
    @Transactional
    public Incident post(String reference, StatusUpdate update, String by, Instant writtenAt) {
        String status = update.status() == null ? "" : update.status().strip().toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status: must be one of " + String.join(", ", STATUSES) + ", was '"
                    + update.status() + "'");
        }
        if (update.message() == null || update.message().isBlank()) {
            throw new IllegalArgumentException("message: is required (what customers read)");
        }
        if (update.message().strip().length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("message: must be at most " + MAX_MESSAGE + " characters");
        }
        if (update.publicTitle() != null && update.publicTitle().strip().length() > 200) {
            throw new IllegalArgumentException("title: must be at most 200 characters");
        }
        Instant now = clock.instant();
        if (update.nextUpdateAt() != null && !update.nextUpdateAt().isAfter(writtenAt == null ? now : writtenAt)) {
            throw new IllegalArgumentException("nextUpdateAt: must be in the future, was " + update.nextUpdateAt());
        }
        Incident incident = IncidentQueries.find(incidents, reference, true);
        String message = update.message().strip();
        String impact = blankToNull(update.impact());
        String workaround = blankToNull(update.workaround());
        String title = blankToNull(update.publicTitle());
        timeline.append(incident.id(), now, TimelineEntryType.STATUS_UPDATED, by, "Status update (" + status + ") by " + by
                + ": " + message, new TimelineDetails.StatusUpdated(status, message, impact, workaround, update.nextUpdateAt(),
                title));
        incident.record(new IncidentChange.StatusUpdated(java.util.UUID.randomUUID(), now, status, message, impact, workaround,
                update.nextUpdateAt(), title, by));
        incidents.save(incident);
        log.info("incident.status_updated incident={} status={} by={}", incident.key(), status, by);
        return incident;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
