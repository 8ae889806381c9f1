package io.tocsin.incident.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Typed details give the same JSON objects the API has always shown: the same keys, absent facts left out. */
class TimelineDetailsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aResolvedAlertFoundByFingerprintSaysSoAndOneFoundByItsStartDoesNot() {
        assertThat(new TimelineDetails.AlertResolved("fp", T0, T0.plusSeconds(60), T0.plusSeconds(5)).toMap())
                .containsExactly(Map.entry("fingerprint", "fp"), Map.entry("startsAt", "2026-01-01T00:00:00Z"),
                        Map.entry("endsAt", "2026-01-01T00:01:00Z"), Map.entry("matchedBy", "fingerprint"),
                        Map.entry("notificationStartsAt", "2026-01-01T00:00:05Z"));
        assertThat(new TimelineDetails.AlertResolved("fp", T0, T0.plusSeconds(60), null).toMap())
                .containsOnlyKeys("fingerprint", "startsAt", "endsAt");
    }

    @Test
    void aManualResolutionCarriesTheStrippedNoteAndNoBlankOne() {
        assertThat(TimelineDetails.Resolved.manual("  rolled back ").toMap())
                .containsExactly(Map.entry("reason", "manual"), Map.entry("note", "rolled back"));
        assertThat(TimelineDetails.Resolved.manual(" ").toMap()).containsExactly(Map.entry("reason", "manual"));
        assertThat(new TimelineDetails.HeartbeatReturned("nightly", T0).reason()).isEqualTo("heartbeat_returned");
    }

    @Test
    void aRemediationStepShowsOnlyTheFactsOfItsKind() {
        UUID execution = UUID.fromString("00000000-0000-0000-0000-000000000001");
        Map<String, Object> failed = new TimelineDetails.RemediationStep(execution, "postgres.x", 1, "sql", null, null,
                "timeout", true, null, null, null, null, null, T0).toMap();
        assertThat(failed).containsExactly(Map.entry("executionId", execution.toString()), Map.entry("runbook", "postgres.x"),
                Map.entry("step", 1), Map.entry("action", "sql"), Map.entry("error", "timeout"),
                Map.entry("retriable", true), Map.entry("decidedAt", "2026-01-01T00:00:00Z"));
    }

    @Test
    void aFailedBackupVerificationListsEachFailedCheck() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000002");
        Map<String, Object> details = new TimelineDetails.BackupVerificationFailed(id, "tocsin", null,
                List.of(new TimelineDetails.BackupVerificationFailed.FailedCheck("age", "<= 26h", "30h"))).toMap();
        assertThat(details).containsOnlyKeys("verificationId", "database", "failedChecks");
        assertThat(details.get("failedChecks")).isEqualTo(List.of(Map.of("name", "age", "expected", "<= 26h", "actual", "30h")));
    }

    @Test
    void everyMapIsFreshAndMutableSoATraceIdCanBeAdded() {
        Map<String, Object> none = TimelineDetails.NONE.toMap();
        none.put("traceId", "abc");
        assertThat(TimelineDetails.NONE.toMap()).isEmpty();
    }
}
