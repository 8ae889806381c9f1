package io.tocsin.incident.feeds;

import io.tocsin.incident.heartbeat.HeartbeatSettings;
import io.tocsin.incident.heartbeat.Heartbeats;
import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.IncidentResolutions;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import io.tocsin.incident.triage.Triage;
import io.tocsin.incident.triage.TriageOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Backup verification verdicts on incidents (seed 000 section 9, ADR 0009). A failure opens or joins the database's
 * backup incident — alert {@code BackupVerificationFailed}, and {@code BackupTooOld} too when the age check failed;
 * service {@code backup}; severity warning (SEV3); group {@code backup:<database>} — with the failed checks on the
 * timeline; a pass resolves that incident. Each verdict is also the {@code backup-verifier} heartbeat.
 *
 * <p>The verdict's alerts carry the labels of the shipped rules of the same names, so their fingerprints are those
 * rules' alerts': whichever path reports first opens the incident and the other joins it.
 */
@Service
public class BackupVerdicts {

    /** What a verdict did: the {@code outcome} label of {@code tocsin_backup_verdicts_total}. */
    public enum Outcome { OPENED, ATTACHED, RESOLVED, NOTHING }

    private final Triage triage;
    private final Heartbeats heartbeats;
    private final HeartbeatSettings heartbeatSettings;
    private final IncidentRepository incidents;
    private final AlertRepository alerts;
    private final IncidentResolutions resolutions;
    private final Timeline timeline;
    private final Clock clock;

    BackupVerdicts(Triage triage, Heartbeats heartbeats, HeartbeatSettings heartbeatSettings, IncidentRepository incidents,
                   AlertRepository alerts, IncidentResolutions resolutions, Timeline timeline, Clock clock) {
        this.triage = triage;
        this.heartbeats = heartbeats;
        this.heartbeatSettings = heartbeatSettings;
        this.incidents = incidents;
        this.alerts = alerts;
        this.resolutions = resolutions;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** Applies a verdict in one transaction. */
    @Transactional
    public Outcome record(BackupVerdict v) {
        heartbeatSettings.bySource("backup-verifier").ifPresent(h -> heartbeats.arrived(h, v.finishedAt()));
        return v.passed() ? passed(v) : failed(v);
    }

    private Outcome passed(BackupVerdict v) {
        Alert probe = alert(v, "BackupVerificationFailed", groupKey(v), Alert.Status.RESOLVED);
        Optional<Incident> open = triage.openIncidentOf(probe)
                .or(() -> triage.openFiring(probe.fingerprint()))
                .or(() -> triage.openFiring(alert(v, "BackupTooOld", groupKey(v), Alert.Status.RESOLVED).fingerprint()));
        if (open.isEmpty()) {
            return Outcome.NOTHING;
        }
        Instant now = clock.instant();
        Incident incident = open.get();
        alerts.markAllResolved(incident.id(), v.finishedAt(), now);
        resolutions.resolve(incident, "backup-verifier", now, "Incident " + incident.key() + " resolved: backup "
                        + "verification of " + v.database() + " passed" + (v.backupFile() == null ? "" : " (" + v.backupFile() + ")"),
                new TimelineDetails.BackupVerificationPassed(v.verificationId()));
        return Outcome.RESOLVED;
    }

    private Outcome failed(BackupVerdict v) {
        List<BackupVerdict.Check> failed = v.failed();
        // A stale backup also fails the verification (its age is a check): both shipped rules will fire, so the verdict
        // reports both alerts, and each rule's alert joins this incident by fingerprint when it arrives (ADR 0009).
        boolean tooOld = failed.stream().anyMatch(c -> c.name().equals("backup_age"));
        List<String> alertnames = tooOld ? List.of("BackupTooOld", "BackupVerificationFailed") : List.of("BackupVerificationFailed");
        // When a rule's alert got here first (through Alertmanager, in its own group), the verdict's alerts join that
        // incident: they take its group key, so none of them opens a second one.
        String groupKey = groupKey(v);
        if (triage.groupingKey().isAlertmanagerGroupKey()) {
            for (String alertname : alertnames) {
                Optional<Incident> existing = triage.openFiring(alert(v, alertname, groupKey, Alert.Status.FIRING).fingerprint());
                if (existing.isPresent()) {
                    groupKey = existing.get().origin().groupKey();
                    break;
                }
            }
        }
        TriageOutcome outcome = null;
        Incident incident = null;
        for (String alertname : alertnames) {
            Alert alert = alert(v, alertname, groupKey, Alert.Status.FIRING);
            // Still failing: the alert fires already, so this verdict only adds its checks to the timeline.
            TriageOutcome triaged = triage.openFiring(alert.fingerprint()).isPresent() ? TriageOutcome.ATTACHED
                    : triage.triage(alert);
            outcome = outcome == null ? triaged : outcome;
            if (incident == null) {
                incident = triage.openIncidentOf(alert).or(() -> triage.openFiring(alert.fingerprint())).orElseThrow();
            }
        }
        TimelineDetails details = new TimelineDetails.BackupVerificationFailed(v.verificationId(), v.database(),
                v.backupFile(), failed.stream().map(c -> new TimelineDetails.BackupVerificationFailed.FailedCheck(c.name(),
                c.expected(), c.actual())).toList());
        timeline.append(incident.id(), clock.instant(), TimelineEntryType.BACKUP_VERIFICATION_FAILED, "backup-verifier",
                "Backup verification of " + v.database() + " failed: " + failed.stream().map(BackupVerdict.Check::name).toList(),
                details);
        return outcome == TriageOutcome.OPENED ? Outcome.OPENED : Outcome.ATTACHED;
    }

    private static String groupKey(BackupVerdict v) {
        return "backup:" + v.database();
    }

    /** The verdict as the alert of the shipped rule {@code alertname} (labels service, database, severity warning). */
    private static Alert alert(BackupVerdict v, String alertname, String groupKey, Alert.Status status) {
        Map<String, String> labels = new TreeMap<>(Map.of("service", "backup", "database", v.database(),
                "severity", "warning", "alertname", alertname));
        String summary = "Backup verification failed for " + v.database() + ": "
                + String.join(", ", v.failed().stream().map(BackupVerdict.Check::name).toList());
        // One verdict may report two alerts: each gets its own event id, derived from the verdict's.
        UUID eventId = UUID.nameUUIDFromBytes((v.eventId() + "/" + alertname).getBytes(StandardCharsets.UTF_8));
        return new Alert(eventId, io.tocsin.contracts.alerts.Fingerprints.of(labels), status, labels, Map.of("summary", summary),
                v.startedAt(), status == Alert.Status.RESOLVED ? v.finishedAt() : null, "", groupKey, "backup-verifier", "",
                "backup-verifier", v.finishedAt(), v.finishedAt());
    }
}
