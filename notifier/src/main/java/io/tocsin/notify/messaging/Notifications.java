package io.tocsin.notify.messaging;

import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.BackupVerificationCompleted;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.incidents.IncidentViews;
import io.tocsin.notify.outbound.Outbound;
import io.tocsin.notify.slack.SlackMessages;
import io.tocsin.notify.slack.SlackQueue;
import io.tocsin.notify.slack.SlackSettings;
import io.tocsin.notify.slack.SlackText;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each event means for responders and customers: the incident view is brought up to date, the
 * root Slack message is queued once and updated (coalesced) on every state change, timeline events
 * (severity change, escalation, acknowledgement, note, remediation result, resolution) become thread
 * replies, the status page gets the seed runbook's customer-facing phases, and the team's webhook and PagerDuty
 * get the incident's trigger, pages, acknowledgement and resolution ({@link Outbound}). Runs inside the
 * consumer's transaction; every enqueue is keyed so a redelivered event queues nothing.
 */
@Service
class Notifications {

    private static final java.time.format.DateTimeFormatter SLACK_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private final IncidentViews views;
    private final SlackQueue slack;
    private final SlackSettings settings;
    private final io.tocsin.notify.status.StatuspageConnector statuspage;
    private final ParkedRemediationResults parked;
    private final io.tocsin.notify.approvals.ApprovalRequests approvals;
    private final Outbound outbound;

    Notifications(IncidentViews views, SlackQueue slack, SlackSettings settings,
                  io.tocsin.notify.status.StatuspageConnector statuspage, ParkedRemediationResults parked,
                  io.tocsin.notify.approvals.ApprovalRequests approvals, Outbound outbound) {
        this.approvals = approvals;
        this.outbound = outbound;
        this.parked = parked;
        this.views = views;
        this.slack = slack;
        this.settings = settings;
        this.statuspage = statuspage;
    }

    /** Applies one event of {@code incidents.events.v1}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void onIncidentEvent(IncidentEvent event) {
        String ackActor = event instanceof IncidentEvent.IncidentAcknowledged a ? a.actor() : null;
        views.apply(event.incident(), event.occurredAt(), ackActor);
        UUID id = event.incident().id();
        if (event instanceof IncidentEvent.AlertsAttached attached) {
            attached.firstFiring().ifPresent(first -> views.rememberFirstAlert(id, first.labels(), first.generatorURL(),
                    first.annotations().get("runbook_url")));
        }
        if (event instanceof IncidentEvent.IncidentChangeLinked change) {
            // Kept whatever is posted now: the root message lists the incident's recent changes whenever it is rendered.
            views.addChange(id, change.changeId(), change.summary(), change.source(), change.changedAt(), change.url());
        }
        if (event instanceof IncidentEvent.IncidentStatusUpdated update) {
            // A person wrote it for customers: on the status page whether or not the incident is quiet in Slack.
            views.addStatusUpdate(id, update.eventId(), update.occurredAt(), update.status(), CustomerUpdates.text(update),
                    update.actor(), update.nextUpdateAt());
            if (update.publicTitle() != null) {
                views.setPublicTitle(id, update.publicTitle());
            }
            views.find(id).ifPresent(now -> statuspage.want(now, views.publicPhase(now)));
        }
        if (event instanceof IncidentEvent.IncidentRoleAssigned role) {
            views.assignRole(id, role.role(), role.assignee(), role.occurredAt());
        }
        if (event instanceof IncidentEvent.IncidentOpened opened) {
            if (opened.declaredBy() == null) {
                return; // its AlertsAttached (same transaction upstream) carries the labels routing needs
            }
            views.rememberDeclaredBy(id, opened.declaredBy()); // no alert will come: announced now
        }
        // PagerDuty and the webhook hear of an acknowledgement or resolution wherever they heard of the incident, also
        // when it has gone quiet since (under a maintenance window): else PagerDuty keeps paging for it.
        if (event instanceof IncidentEvent.IncidentAcknowledged acked) {
            outbound.acknowledged(views.find(id).orElseThrow(), acked);
        } else if (event instanceof IncidentEvent.IncidentResolved resolved) {
            outbound.resolved(views.find(id).orElseThrow(), resolved);
        }
        if (event.incident().parentIncidentKey() != null) {
            return; // inhibited by a critical incident of the same service: recorded, not notified separately
        }
        if (event instanceof IncidentEvent.IncidentMaintenanceStarted started) {
            // Already announced: say once in its thread why it goes quiet. Never announced: stay silent.
            slack.rootChannel(id).ifPresent(channel -> slack.reply(id, channel, "🔧 Maintenance window until "
                    + SLACK_TIME.format(started.endsAt()) + ": " + SlackText.escape(started.comment())
                    + ". Escalation paused; updates muted until it ends.", event.eventId().toString()));
            return;
        }
        if (event.incident().inMaintenance()) {
            return; // under a maintenance window: recorded, not notified
        }
        if (event instanceof IncidentEvent.IncidentMaintenanceEnded && "RESOLVED".equals(event.incident().status())
                && slack.rootChannel(id).isEmpty()) {
            return; // began and ended inside the window: nobody needs to hear of it now
        }
        if (event instanceof IncidentEvent.AlertsAttached && event.incident().flapping()) {
            return; // flapping: alert changes are throttled; the root message catches up at the next other event
        }
        IncidentView incident = views.find(id).orElseThrow();
        String channel = slack.ensureRoot(id, settings.channelFor(incident.severity(), routingLabels(incident)));
        outbound.announced(incident); // PagerDuty's trigger and the webhook's incident.triggered, once
        String key = event.eventId().toString();
        String component = component(incident);
        switch (event) {
            case IncidentEvent.IncidentOpened opened -> {
                // Only a declared incident gets here (above): said in its thread, investigating on the status page.
                slack.reply(id, channel, "📣 Declared by " + SlackText.actor(opened.declaredBy()) + ". Take a role: "
                        + "`/incident lead " + incident.key() + " @someone`, `/incident comms " + incident.key() + " @someone`.", key);
                views.addUpdate(id, incident.openedAt(), "investigating", "We're investigating an issue affecting "
                        + component + ".");
            }
            case IncidentEvent.IncidentRoleAssigned role -> slack.reply(id, channel, "🧭 "
                    + SlackText.actor(role.assignee()) + " is " + ("lead".equals(role.role()) ? "incident lead"
                    : "communications lead") + " (assigned by " + SlackText.actor(role.actor()) + ").", key);
            case IncidentEvent.AlertsAttached attached ->
                // The root message shows the alert count; no reply per alert, so a storm stays one message.
                views.addUpdate(id, incident.openedAt(), "investigating", "We're investigating an issue affecting "
                        + component + " that started at " + java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'")
                        .withZone(java.time.ZoneOffset.UTC).format(incident.openedAt()) + ".");
            case IncidentEvent.IncidentSeverityChanged changed -> slack.reply(id, channel, "Severity "
                    + (changed.to().compareTo(changed.from()) < 0 ? "raised" : "lowered") + " from " + changed.from() + " to "
                    + changed.to() + ": " + SlackText.escape(changed.reason()), key);
            case IncidentEvent.IncidentAcknowledged acked -> {
                // Customers hear nothing of it: "identified" is a person's word to write (seed 004), not automation's.
                slack.reply(id, channel, "🟡 Acknowledged by " + SlackText.actor(acked.actor()), key);
                outbound.acknowledged(incident, acked); // after this event's trigger, if it was the first (deduplicated)
            }
            case IncidentEvent.IncidentStatusUpdated update ->
                // Recorded above (also for a quiet incident: customers read it); quoted in the thread.
                slack.reply(id, channel, CustomerUpdates.threadReply(update), key);
            case IncidentEvent.IncidentEscalated escalated -> {
                slack.reply(id, channel, SlackMessages.escalation(escalated, settings.escalationMention()), key);
                outbound.escalated(incident, escalated);
                for (IncidentEvent.Page page : escalated.pages()) {
                    if (page.slackUserId() != null) { // a direct message per paged person, with Acknowledge
                        slack.page(id, page.slackUserId(), SlackMessages.pageText(incident, escalated, channel),
                                key + ":" + page.slackUserId());
                    }
                }
            }
            case IncidentEvent.IncidentResolved resolved -> {
                slack.reply(id, channel, SlackMessages.resolution(incident, resolved.actor(), event.occurredAt()), key);
                outbound.resolved(incident, resolved);
                views.addUpdate(id, event.occurredAt(), "resolved", "This incident has been resolved.");
            }
            case IncidentEvent.IncidentChangeLinked change -> {
                // Remembered above; the root message lists it (its update is requested below), no reply of its own.
            }
            case IncidentEvent.TimelineNoteAdded note -> slack.reply(id, channel,
                    "📝 " + SlackText.actor(note.actor()) + ": " + SlackText.escape(note.note()), key);
            case IncidentEvent.IncidentFlappingStarted flapping -> slack.reply(id, channel, "〰️ Flapping: an alert changed state "
                    + flapping.changes() + " times within " + flapping.windowSeconds() / 60 + " min. The incident is held open "
                    + "and alert updates are throttled until it is quiet for " + flapping.windowSeconds() / 60 + " min.", key);
            case IncidentEvent.IncidentFlappingEnded ended -> slack.reply(id, channel,
                    "Flapping ended: alerts quiet since the last change.", key);
            case IncidentEvent.IncidentMaintenanceStarted started -> {
                // handled above
            }
            case IncidentEvent.IncidentInhibitionEnded released -> slack.reply(id, channel, "🔓 Released: "
                    + SlackText.escape(released.parentIncidentKey()) + " resolved while this incident still fires; it is "
                    + "now notified and escalates on its own.", key);
            case IncidentEvent.IncidentMaintenanceEnded ended -> {
                if (!incident.isResolved()) {
                    slack.reply(id, channel, "🔧 Maintenance window ended; this incident is still open and escalates as usual.", key);
                }
            }
        }
        slack.requestUpdate(id, channel);
        IncidentView now = views.find(id).orElseThrow();
        statuspage.want(now, views.publicPhase(now));
    }

    /**
     * Posts a remediation result in its incident's thread (an approval request with Approve / Reject buttons). A result
     * for an incident the notifier has not heard of yet is parked, and {@link ParkedResultSweep} posts it once the
     * incident's events have arrived. Nothing is posted for an incident that is inhibited or under a maintenance
     * window ({@link IncidentView#quiet()}): such an incident stays quiet on every path; its results are parked too,
     * and posted if it is announced later.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void onRemediationResult(RemediationResult result) {
        IncidentView incident = views.find(result.incidentId()).orElse(null);
        if (incident == null) {
            parked.park(result); // overtook its incident's events: nothing to thread it under yet
            return;
        }
        if (incident.quiet()) {
            // Inhibited by a critical incident or under a maintenance window: not posted now. Parked, it is posted
            // once the incident is announced (released from inhibition before this service saw the release, or the
            // window ended), and never if the incident resolves while still quiet.
            parked.park(result);
            return;
        }
        String channel = slack.ensureRoot(incident.incidentId(), settings.channelFor(incident.severity(), routingLabels(incident)));
        String what = "`" + SlackText.escape(result.action()) + "` (runbook " + SlackText.escape(result.runbook())
                + ", step " + (result.step() + 1) + ")";
        String text = switch (result) {
            case RemediationResult.RemediationStarted s -> "🔧 Remediation started: " + what + (s.dryRun() ? " — dry run" : "");
            case RemediationResult.RemediationSucceeded s -> "✅ Remediation succeeded: " + what
                    + (s.dryRun() ? " — dry run, nothing touched" : "") + details(s.details());
            case RemediationResult.RemediationFailed f -> "❌ Remediation failed: " + what + ": " + SlackText.escape(f.error());
            case RemediationResult.RemediationSkipped s -> "⏭ Remediation skipped: " + what + ": " + SlackText.escape(s.reason());
            case RemediationResult.RemediationAwaitingApproval a -> "✋ Remediation awaits approval: " + what
                    + (a.expiresAt() == null ? "" : " (until " + SLACK_TIME.format(a.expiresAt()) + ")");
            case RemediationResult.RemediationApproved a -> "👍 Approved by " + SlackText.actor(a.approvedBy()) + ": " + what;
            case RemediationResult.RemediationRejected r -> "👎 Rejected by " + SlackText.actor(r.rejectedBy()) + ": " + what;
        };
        if (result instanceof RemediationResult.RemediationAwaitingApproval request) {
            approvals.record(request, result.occurredAt());
            slack.approvalRequest(incident.incidentId(), channel, text, result.executionId(), result.eventId().toString());
        } else {
            slack.reply(incident.incidentId(), channel, text, result.eventId().toString());
        }
        // A fix applied is no news for customers until a person says so ("monitoring", seed 004): see /incident update.
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void onBackupVerification(BackupVerificationCompleted v) {
        String failed = v.checks().stream().filter(c -> !c.passed())
                .map(c -> "• `" + SlackText.escape(c.name()) + "`: expected " + SlackText.escape(c.expected()) + ", got "
                        + SlackText.escape(c.actual()))
                .collect(Collectors.joining("\n"));
        String text = (v.passed() ? "✅ Backup verification passed for " : "❌ Backup verification FAILED for ")
                + "`" + SlackText.escape(v.database()) + "`"
                + (v.backupFile() == null ? "" : " (" + SlackText.escape(v.backupFile()) + ")")
                + (failed.isEmpty() ? "" : "\n" + failed);
        slack.message(settings.channelFor("SEV3", Map.of("service", "backup")), text, v.eventId().toString());
    }

    /** The first alert's labels, with the incident's service for incidents whose alerts are not known yet. */
    private static Map<String, String> routingLabels(IncidentView incident) {
        Map<String, String> labels = new java.util.HashMap<>(incident.labels());
        if (incident.service() != null) {
            labels.putIfAbsent("service", incident.service());
        }
        return labels;
    }

    private static String component(IncidentView incident) {
        String component = incident.labels().get("status_page_component");
        if (component != null && !component.isBlank()) {
            return component;
        }
        return incident.service() == null ? "some services" : incident.service();
    }

    private static String details(Map<String, Object> details) {
        if (details == null || details.isEmpty()) {
            return "";
        }
        return "\n" + details.entrySet().stream()
                .map(e -> "• " + SlackText.escape(e.getKey()) + ": " + SlackText.escape(String.valueOf(e.getValue())))
                .collect(Collectors.joining("\n"));
    }
}
