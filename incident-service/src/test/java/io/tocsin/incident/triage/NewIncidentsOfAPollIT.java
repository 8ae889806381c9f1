package io.tocsin.incident.triage;

import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A poll that opens several incidents numbers them in one round trip and writes each row once, in the state the poll
 * left it in (issue 17, ADR 0017): what an auditor reads is the same as when each was written on its own.
 */
class NewIncidentsOfAPollIT extends IncidentServiceIT {

    @Autowired
    Triage triage;
    @Autowired
    TransactionTemplate tx;

    @Test
    void incidentsOpenedInOnePollAreNumberedInTheOrderTheyOpenedAndReadAsThePollLeftThem() {
        String service = "poll-" + UUID.randomUUID().toString().substring(0, 6);
        String disk = uniqueGroup("DiskFull");
        String latency = uniqueGroup("HighLatency");
        String cpu = uniqueGroup("CpuHigh");
        Alert diskFiring = alert(disk, "DiskFull", service, "warning", Alert.Status.FIRING, "d1");
        Alert watchdog = alert(uniqueGroup("Watchdog"), "Watchdog", service, "none", Alert.Status.FIRING, "w1");
        Alert latencyFiring = alert(latency, "HighLatency", service, "critical", Alert.Status.FIRING, "l1");
        Alert diskAgain = alert(disk, "DiskFull", service, "warning", Alert.Status.FIRING, "d1"); // a repeat in the poll
        Alert cpuFiring = alert(cpu, "CpuHigh", service, "info", Alert.Status.FIRING, "c1");
        Alert latencyResolved = new Alert(UUID.randomUUID(), latencyFiring.fingerprint(), Alert.Status.RESOLVED,
                latencyFiring.labels(), Map.of(), latencyFiring.startsAt(), Instant.now(), "", latency, "tocsin", "",
                "alertmanager", Instant.now(), Instant.now());
        List<Alert> poll = List.of(diskFiring, watchdog, latencyFiring, diskAgain, cpuFiring, latencyResolved);

        List<TriageOutcome> outcomes = tx.execute(status -> {
            TriageBatch batch = triage.lookUp(poll);
            return poll.stream().map(a -> triage.triage(a, batch)).toList();
        });

        assertThat(outcomes).containsExactly(TriageOutcome.OPENED, TriageOutcome.HEARTBEAT, TriageOutcome.OPENED,
                TriageOutcome.DUPLICATE, TriageOutcome.OPENED, TriageOutcome.RESOLVED_ALERT);
        long diskNumber = number(disk);
        assertThat(number(latency)).isEqualTo(diskNumber + 1);
        assertThat(number(cpu)).isEqualTo(diskNumber + 2);

        // Opened and resolved in the same poll: one row, in its last state, and a chain that verifies.
        JsonNode resolved = incidentsOfGroup(latency).get(0);
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.get("severity").asString()).isEqualTo("SEV2");
        String key = resolved.get("key").asString();
        JsonNode timeline = json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR));
        assertThat(timeline.get(0).get("type").asString()).isEqualTo("incident.opened");
        // CpuHigh opened under the critical incident, so resolving it released its child too.
        assertThat(timeline.valueStream().map(e -> e.get("type").asString()).toList())
                .contains("incident.resolved", "child.released");
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean())
                .isTrue();
        assertThat(json(get("/api/v1/incidents/" + incidentsOfGroup(disk).get(0).get("key").asString(), AUDITOR))
                .get("alerts")).hasSize(1);
    }

    private long number(String group) {
        JsonNode incidents = incidentsOfGroup(group);
        assertThat(incidents).hasSize(1);
        return Long.parseLong(incidents.get(0).get("key").asString().substring("INC-".length()));
    }

    private static Alert alert(String group, String name, String service, String severity, Alert.Status status,
                               String fingerprintSuffix) {
        Instant at = Instant.parse("2026-11-30T01:00:00Z");
        String fingerprint = Long.toHexString(group.hashCode() & 0xffffffffL) + fingerprintSuffix;
        return new Alert(UUID.randomUUID(), fingerprint, status, Map.of("alertname", name, "service", service,
                "severity", severity), Map.of(), at, null, "", group, "tocsin", "", "alertmanager", Instant.now(),
                Instant.now());
    }
}
