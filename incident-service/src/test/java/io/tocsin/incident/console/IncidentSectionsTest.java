package io.tocsin.incident.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IncidentSectionsTest {

    private static final UUID INCIDENT = UUID.randomUUID();

    @Test
    void pagesSentAndRemediationStepsComeOutOfTheTimelineInOrder() {
        UUID execution = UUID.randomUUID();
        List<TimelineEntry> entries = List.of(
                entry(1, "incident.opened", "alertmanager", Map.of()),
                entry(2, "page.sent", "system", new TimelineDetails.PageSent(1, "checkout", "schedule platform/primary",
                        "alice", "Alice Example", "U1", null, "slack", "queued").toMap()),
                entry(3, "page.sent", "system", new TimelineDetails.PageSent(2, "checkout", "group @sre-leads", null, null,
                        null, "S123", "slack", "queued").toMap()),
                entry(4, "remediation.succeeded", "remediation-worker", new TimelineDetails.RemediationStep(execution,
                        "disk-full", 1, "http", true, Map.of("status", 200), null, null, null, Map.of(), List.of(),
                        List.of(), null, null).toMap()),
                entry(5, "remediation.failed", "remediation-worker", new TimelineDetails.RemediationStep(execution,
                        "disk-full", 2, "docker-restart", false, null, "container not found", false, null, Map.of(),
                        List.of(), List.of(), null, null).toMap()));

        IncidentSections sections = IncidentSections.of(entries);

        assertThat(sections.pages()).extracting(IncidentSections.Page::who).containsExactly("Alice Example", "S123");
        assertThat(sections.pages().get(0).level()).isEqualTo(1);
        assertThat(sections.remediation()).extracting(IncidentSections.Remediation::event)
                .containsExactly("succeeded", "failed");
        assertThat(sections.remediation().get(0).output()).isEqualTo("{\"status\":200}");
        assertThat(sections.remediation().get(0).dryRun()).isTrue();
        assertThat(sections.remediation().get(1).output()).isEqualTo("error: container not found");
    }

    private static TimelineEntry entry(int sequence, String type, String actor, Map<String, Object> details) {
        return new TimelineEntry(INCIDENT, sequence, Instant.parse("2026-11-30T02:00:00Z").plusSeconds(sequence), type,
                actor, type, details, "0".repeat(64), "0".repeat(64));
    }
}
