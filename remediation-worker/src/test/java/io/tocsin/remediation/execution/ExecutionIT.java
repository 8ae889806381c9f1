package io.tocsin.remediation.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import io.tocsin.remediation.RemediationIT;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.actions.RemediationAction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Steps run exactly once per incident, wait for approvals, honour dry-run, and report every outcome. */
class ExecutionIT extends RemediationIT {

    @Autowired
    Remediations remediations;
    @Autowired
    Map<String, RemediationAction> actionsByType;
    @Autowired
    TargetGuards guards;
    @Autowired
    RemediationSettings settings;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sameAlertDeliveredThreeTimesWithTwoWorkersRunsTheStepOnce() {
        UUID incident = UUID.randomUUID();
        IncidentEvent.AlertsAttached alert = alert(incident, "INC-501", "ItHttpOnce", Map.of("instance", "db-1"), hook("once"));
        IncidentEvent.AttachedAlert first = alert.alerts().get(0);
        StepRunner second = new StepRunner(remediations, actionsByType, guards, settings, "second-worker");
        ScheduledExecutorService secondWorker = Executors.newSingleThreadScheduledExecutor();
        secondWorker.scheduleWithFixedDelay(second::tick, 0, 50, TimeUnit.MILLISECONDS);
        try {
            send(Topics.INCIDENT_EVENTS, alert);
            send(Topics.INCIDENT_EVENTS, alert); // redelivery
            send(Topics.INCIDENT_EVENTS, alerts(incident, "INC-501", "ItHttpOnce", Map.of("instance", "db-1"), hook("once"),
                    "00000000000000f2", "00000000000000f3")); // more alerts of the incident, matching the same runbook
            // one more alert of the incident, alone in its event
            send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), alert.incident(),
                    java.util.List.of(new IncidentEvent.AttachedAlert("00000000000000f4", first.startsAt(), first.alertStatus(),
                            first.labels(), first.annotations(), ""))));

            await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(incident, 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> typesFor(incident).contains("RemediationSucceeded"));
        } finally {
            secondWorker.shutdownNow();
        }
        targets.verify(1, postRequestedFor(urlPathEqualTo("/hook/once"))
                .withHeader("Authorization", equalTo("Bearer s3cret"))
                .withHeader("X-Incident", equalTo("INC-501")));
        assertThat(jdbc.sql("SELECT count(*) FROM execution WHERE incident_id = ?").param(incident).query(Long.class).single())
                .isEqualTo(1);
        assertThat(typesFor(incident)).containsExactly("RemediationStarted", "RemediationSucceeded");
    }

    @Test
    void approvalRequiredStepWaitsThenRunsAfterApproval() {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-502", "ItApproval", Map.of(), hook("approved")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(status(incident, 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> typesFor(incident).contains("RemediationAwaitingApproval"));
        targets.verify(0, postRequestedFor(urlPathEqualTo("/hook/approved")));

        UUID execution = executionId(incident, 0);
        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.ApproveRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:U42", execution));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(incident, 1)));
        targets.verify(1, postRequestedFor(urlPathEqualTo("/hook/approved")));
        targets.verify(1, postRequestedFor(urlPathEqualTo("/hook/approved/after")));
        assertThat(jdbc.sql("SELECT decided_by FROM execution WHERE id = ?").param(execution).query(String.class).single())
                .isEqualTo("slack:U42");
    }

    @Test
    void rejectedStepIsRecordedAndTheRestCancelled() {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-503", "ItApproval", Map.of(), hook("rejected")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(status(incident, 0)));

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.RejectRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:U42", executionId(incident, 0), "too risky during peak"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(status(incident, 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(incident, 1)));
        targets.verify(0, postRequestedFor(urlPathEqualTo("/hook/rejected")));
        await().atMost(Duration.ofSeconds(30)).until(() -> typesFor(incident).containsAll(List.of("RemediationRejected",
                "RemediationSkipped")));
        JsonNode rejected = results(incident).stream().filter(r -> "RemediationRejected".equals(r.get("type").asString()))
                .findFirst().orElseThrow();
        assertThat(rejected.get("rejectedBy").asString()).isEqualTo("slack:U42");
        assertThat(rejected.get("reason").asString()).isEqualTo("too risky during peak");
    }

    @Test
    void onlyTheRunbooksApproversDecide() {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-510", "ItApprovalRestricted", Map.of(), hook("restricted")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(status(incident, 0)));
        JsonNode request = results(incident).stream().filter(r -> "RemediationAwaitingApproval".equals(r.get("type").asString()))
                .findFirst().orElseThrow();
        assertThat(request.get("approvers").get(0).asString()).isEqualTo("ULEAD");
        UUID execution = executionId(incident, 0);

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.ApproveRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:UINTERN", execution));
        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.RejectRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:UINTERN", execution, "no"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "AWAITING_APPROVAL".equals(status(incident, 0)));

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.ApproveRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:ULEAD", execution));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(incident, 0)));
        JsonNode approved = results(incident).stream().filter(r -> "RemediationApproved".equals(r.get("type").asString()))
                .findFirst().orElseThrow();
        assertThat(approved.get("approvedBy").asString()).isEqualTo("slack:ULEAD");
    }

    @Test
    void anApprovalRequestNobodyAnswersExpiresAndALateClickRunsNothing() {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-511", "ItApprovalExpiring", Map.of(), hook("expiring")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(incident, 0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(incident, 1)));
        assertThat(jdbc.sql("SELECT error FROM execution WHERE incident_id = ? AND step = 0").param(incident)
                .query(String.class).single()).isEqualTo("approval_expired");
        await().atMost(Duration.ofSeconds(30)).until(() -> results(incident).stream().anyMatch(r ->
                "RemediationSkipped".equals(r.get("type").asString()) && "approval_expired".equals(r.get("reason").asString())));

        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.ApproveRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:U42", executionId(incident, 0)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(status(incident, 0)));
        targets.verify(0, postRequestedFor(urlPathMatching("/hook/expiring.*")));
    }

    @Test
    void expiryOnTwoInstancesSkipsEachStepOnce() {
        List<UUID> incidents = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID incident = UUID.randomUUID();
            incidents.add(incident);
            send(Topics.INCIDENT_EVENTS, alert(incident, "INC-52" + i, "ItApproval", Map.of(), hook("race")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> incidents.stream().allMatch(i -> "AWAITING_APPROVAL".equals(status(i, 0))));
        Instant later = Instant.now().plus(Duration.ofHours(2)); // past the 30 min default: all expired then
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> remediations.expireApprovals(later));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> remediations.expireApprovals(later));
        first.join();
        second.join();

        await().atMost(Duration.ofSeconds(30)).until(() -> incidents.stream().allMatch(i -> results(i).stream().anyMatch(r ->
                "RemediationSkipped".equals(r.get("type").asString()) && "approval_expired".equals(r.get("reason").asString()))));
        for (UUID incident : incidents) {
            assertThat(results(incident)).filteredOn(r -> "approval_expired".equals(r.path("reason").asString(""))).hasSize(1);
            assertThat(status(incident, 0)).isEqualTo("CANCELLED");
        }
    }

    @Test
    void aResolvedIncidentCancelsItsWaitingStepsSoALateClickRunsNothing() {
        UUID incident = UUID.randomUUID();
        IncidentEvent.AlertsAttached fired = alert(incident, "INC-512", "ItApproval", Map.of(), hook("resolved-first"));
        send(Topics.INCIDENT_EVENTS, fired);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_APPROVAL".equals(status(incident, 0)));
        IncidentSummary s = fired.incident();
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(),
                new IncidentSummary(s.id(), s.key(), s.title(), "RESOLVED", s.severity(), s.service(), s.groupKey(), 1, 0,
                        s.externalURL(), s.openedAt()), "alertmanager"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(incident, 0))
                && "CANCELLED".equals(status(incident, 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> results(incident).stream().filter(r ->
                "RemediationSkipped".equals(r.get("type").asString()) && "incident_resolved".equals(r.get("reason").asString()))
                .count() == 2);
        send(Topics.INCIDENT_COMMANDS, new IncidentCommand.ApproveRemediation(UUID.randomUUID(), Instant.now(),
                incident.toString(), "slack:U42", executionId(incident, 0)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(status(incident, 0)));
        targets.verify(0, postRequestedFor(urlPathMatching("/hook/resolved-first.*")));
    }

    @Test
    void nothingIsPlannedForAnIncidentUnderAMaintenanceWindow() {
        UUID muted = UUID.randomUUID();
        IncidentEvent.AlertsAttached alert = alert(muted, "INC-506", "ItHttpOnce", Map.of("instance", "db-9"), hook("maint"));
        IncidentSummary s = alert.incident();
        IncidentSummary inMaintenance = new IncidentSummary(s.id(), s.key(), s.title(), s.status(), s.severity(), s.service(),
                s.groupKey(), s.alertCount(), s.firingCount(), s.externalURL(), s.openedAt(), null, false, true);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(alert.eventId(), alert.occurredAt(), inMaintenance,
                alert.alerts()));
        UUID marker = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(marker, "INC-507", "ItHttpOnce", Map.of("instance", "db-9"), hook("maint-marker")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(marker, 0)));
        assertThat(jdbc.sql("SELECT count(*) FROM execution WHERE incident_id = ?").param(muted).query(Long.class).single())
                .isZero();
        targets.verify(0, postRequestedFor(urlPathEqualTo("/hook/maint")));
    }

    @Test
    void dryRunRecordsWhatWouldRunAndTouchesNothing() {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-504", "ItDryRun", Map.of(), hook("dry")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(status(incident, 2)));
        targets.verify(0, postRequestedFor(urlPathMatching("/hook/dry.*")));
        // Results reach the topic (and the incident's Slack thread) in the order they were recorded.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(typesFor(incident)).containsExactly(
                "RemediationStarted", "RemediationSucceeded", "RemediationStarted", "RemediationSucceeded",
                "RemediationStarted", "RemediationSucceeded"));
        JsonNode succeeded = results(incident).stream().filter(r -> r.get("type").asString().equals("RemediationSucceeded"))
                .findFirst().orElseThrow();
        assertThat(succeeded.get("dryRun").asBoolean()).isTrue();
        assertThat(succeeded.get("details").get("summary").asString()).isEqualTo("dry run: would POST " + hook("dry"));
    }

    @Test
    void aMissingLabelFailsTheStepWithAClearMessageAndTheApiShowsIt() throws Exception {
        UUID incident = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, alert(incident, "INC-505", "ItMissingLabel", Map.of(), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(incident, 0)));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/executions?incident=INC-505")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/executions?incident=INC-505"))
                .header("Authorization", "Bearer auditor-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode item = TocsinJson.mapper().readTree(response.body()).get("items").get(0);
        assertThat(item.get("runbook").asString()).isEqualTo("it-missing-label");
        assertThat(item.get("status").asString()).isEqualTo("FAILED");
        assertThat(item.get("error").asString()).isEqualTo("params.container: label 'container' is not set on the alert");
    }

    private String status(UUID incident, int step) {
        return jdbc.sql("SELECT status FROM execution WHERE incident_id = ? AND step = ?").params(incident, step)
                .query(String.class).optional().orElse(null);
    }

    private UUID executionId(UUID incident, int step) {
        return jdbc.sql("SELECT id FROM execution WHERE incident_id = ? AND step = ?").params(incident, step)
                .query(UUID.class).single();
    }

    private static List<JsonNode> results(UUID incident) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.REMEDIATION_RESULTS).stream()
                .filter(r -> incident.toString().equals(r.key()))
                .map(r -> TocsinJson.mapper().readTree(r.value()))
                .toList();
    }

    private static List<String> typesFor(UUID incident) {
        return results(incident).stream().map(r -> r.get("type").asString()).toList();
    }
}
