package io.tocsin.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.nio.charset.StandardCharsets;
import io.tocsin.notify.slack.SlackSender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What responders see in Slack as an incident lives, and how the sender treats Slack's limits. */
class SlackOutIT extends NotifierIT {

    @Autowired
    SlackSender sender;

    @Autowired
    JdbcClient jdbc;

    @Test
    void incidentLifeIsOneRootMessageUpdatedInPlaceWithThreadRepliesInOrder() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentOpened(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-101", "TRIGGERED", "SEV3", 1, 1), null));
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-101", "TRIGGERED", "SEV3", 1, 1), "life", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#life").size() >= 1);

        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentSeverityChanged(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-101", "TRIGGERED", "SEV2", 2, 2), "SEV3", "SEV2", "alert 0000000000000002 is SEV2"));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentAcknowledged(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-101", "ACKNOWLEDGED", "SEV2", 2, 2), "slack:U123"));
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentResolved(UUID.randomUUID(), Instant.now(),
                summary(id, "INC-101", "RESOLVED", "SEV2", 2, 0), "alertmanager"));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#life").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").contains("Resolved")));
        await().atMost(Duration.ofSeconds(20)).until(() -> lastUpdate("#life").form().get("text").contains("resolved"));
        List<SlackCall> calls = callsTo("#life");

        List<SlackCall> roots = calls.stream().filter(c -> c.method().equals("chat.postMessage") && !c.isReply()).toList();
        assertThat(roots).hasSize(1);
        SlackCall root = roots.getFirst();
        assertThat(root.form().get("text")).contains("[SEV3] INC-101").contains("&lt;!channel&gt;").doesNotContain("<!channel>");
        assertThat(root.form().get("blocks")).contains("incident_acknowledge", "incident_resolve", "https://runbooks/checkout");

        List<String> replies = calls.stream().filter(SlackCall::isReply).map(c -> c.form().get("text")).toList();
        assertThat(replies).hasSize(3);
        assertThat(replies.get(0)).startsWith("Severity raised from SEV3 to SEV2");
        assertThat(replies.get(1)).isEqualTo("🟡 Acknowledged by <@U123>");
        assertThat(replies.get(2)).startsWith("✅ [SEV2] Resolved by alertmanager");
        String rootTs = jdbc.sql("SELECT ts FROM slack_thread WHERE incident_id = ?").param(id).query(String.class).single();
        assertThat(calls.stream().filter(SlackCall::isReply)).allMatch(c -> rootTs.equals(c.form().get("thread_ts")));

        SlackCall finalUpdate = lastUpdate("#life");
        assertThat(finalUpdate.form().get("ts")).isEqualTo(rootTs);
        assertThat(finalUpdate.form().get("blocks")).doesNotContain("incident_acknowledge").doesNotContain("incident_resolve");
        assertThat(calls.stream().filter(c -> c.method().equals("chat.update"))).isNotEmpty();
    }

    @Test
    void redeliveredEventPostsNothingNew() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = summary(id, "INC-102", "TRIGGERED", "SEV2", 1, 1);
        send(Topics.INCIDENT_EVENTS, attached(s, "redelivery", 1));
        var note = new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), s, "api:alice", "DB failover started");
        send(Topics.INCIDENT_EVENTS, note);
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#redelivery").stream().anyMatch(SlackCall::isReply));

        send(Topics.INCIDENT_EVENTS, note);
        var marker = new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), s, "api:alice", "marker");
        send(Topics.INCIDENT_EVENTS, marker);
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#redelivery").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").contains("marker")));
        assertThat(callsTo("#redelivery").stream().filter(c -> c.isReply() && c.form().get("text").contains("DB failover"))).hasSize(1);
    }

    @Test
    void malformedEventIsDeadLetteredAloneAndTheNextEventOfItsIncidentStillPosts() {
        UUID id = UUID.randomUUID();
        byte[] poison = "{\"type\":\"AlertAttached\",\"eventId\":\"not-a-uuid\"".getBytes(StandardCharsets.UTF_8);
        TestKafka.send(Topics.INCIDENT_EVENTS, id.toString(), poison);
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-106", "TRIGGERED", "SEV2", 1, 1), "poison", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#poison").stream()
                .anyMatch(c -> c.method().equals("chat.postMessage")));
        await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(TestKafka.bootstrapServers(),
                "incidents.events.v1.notifier.dlq").stream().anyMatch(r -> id.toString().equals(r.key())));
    }

    @Test
    void honoursRetryAfterOn429BeforeSendingAgain() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(1).withRequestBody(channelIs("#ratelimit"))
                .inScenario("ratelimit").whenScenarioStateIs(STARTED).willSetStateTo("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-103", "TRIGGERED", "SEV2", 1, 1), "ratelimit", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#ratelimit").size() >= 2);
        List<SlackCall> calls = callsTo("#ratelimit");
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM slack_thread WHERE incident_id = ?").param(id).query(Long.class).single() == 1);
    }

    @Test
    void retriesAfterServerError() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(1).withRequestBody(channelIs("#flaky"))
                .inScenario("flaky").whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withBody("oops")));
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-104", "TRIGGERED", "SEV2", 1, 1), "flaky", 1));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM slack_thread WHERE incident_id = ?").param(id).query(Long.class).single() == 1);
        List<SlackCall> roots = callsTo("#flaky").stream().filter(c -> c.method().equals("chat.postMessage")).toList();
        assertThat(roots).hasSize(2);
    }

    @Test
    void alertStormOfFiveHundredAlertsIsOneRootAndPacedUpdates() {
        UUID id = UUID.randomUUID();
        Instant started = Instant.now();
        for (int n = 1; n <= 500; n++) {
            send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-105", "TRIGGERED", "SEV1", n, n), "storm", n));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<SlackCall> calls = callsTo("#storm");
            return !calls.isEmpty() && calls.getLast().form().get("text").contains("INC-105")
                    && jdbc.sql("SELECT count(*) FROM slack_queue WHERE incident_id = ? AND status IN ('pending','sending')")
                    .param(id).query(Long.class).single() == 0;
        });
        List<SlackCall> calls = callsTo("#storm");
        assertThat(calls.stream().filter(c -> c.method().equals("chat.postMessage"))).hasSize(1);
        long elapsedMs = Duration.between(started, Instant.now()).toMillis();
        assertThat(calls.size()).isLessThanOrEqualTo((int) (elapsedMs / 250) + 2);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).at(), calls.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lastUpdate("#storm").form().get("blocks").contains("500 firing of 500"));
    }

    @Test
    void restartMidQueueLosesAndDuplicatesNothing() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = summary(id, "INC-106", "TRIGGERED", "SEV2", 1, 1);
        send(Topics.INCIDENT_EVENTS, attached(s, "restart", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !callsTo("#restart").isEmpty());

        sender.pause(); // the process is down: events keep arriving and are queued durably
        for (int n = 1; n <= 5; n++) {
            send(Topics.INCIDENT_EVENTS, new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), s, "api:bob",
                    "note " + n));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM slack_queue WHERE incident_id = ? AND kind = 'reply' AND status = 'pending'")
                .param(id).query(Long.class).single() == 5);
        // the stop interrupted a send: the first reply was claimed but never confirmed
        jdbc.sql("UPDATE slack_queue SET status = 'sending' WHERE id = (SELECT min(id) FROM slack_queue "
                + "WHERE incident_id = ? AND kind = 'reply')").param(id).update();

        sender.resume(); // the channel's lease is this instance's: it sends the interrupted head again

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#restart").stream().filter(SlackCall::isReply).count() == 5);
        List<String> replies = callsTo("#restart").stream().filter(SlackCall::isReply).map(c -> c.form().get("text")).toList();
        assertThat(replies).containsExactly("📝 api:bob: note 1", "📝 api:bob: note 2", "📝 api:bob: note 3",
                "📝 api:bob: note 4", "📝 api:bob: note 5");
    }

    @Test
    void aRootThatReachedSlackBeforeItsSenderDiedIsNotPostedAgain() {
        UUID earlier = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(earlier, "INC-120", "TRIGGERED", "SEV2", 1, 1), "doubt", 1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM slack_thread WHERE incident_id = ?").param(earlier).query(Long.class).single() == 1);
        // Slack answers posts with the channel's id (this stub echoes the name): as it would have, for #doubt.
        jdbc.sql("UPDATE slack_channel SET channel_id = 'C0DOUBT' WHERE channel = '#doubt'").update();
        sender.pause();
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-121", "TRIGGERED", "SEV2", 1, 1), "doubt", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM slack_queue WHERE incident_id = ? AND kind = 'root' AND status = 'pending'")
                .param(id).query(Long.class).single() == 1);
        // Another instance claimed the root, posted it, and died before recording the answer.
        long item = jdbc.sql("UPDATE slack_queue SET status = 'sending', claimed_at = now() WHERE incident_id = ? AND kind = 'root' "
                + "RETURNING id").param(id).query(Long.class).single();
        slack.stubFor(post(urlEqualTo("/api/conversations.history")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("channel=C0DOUBT"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"has_more":false,"messages":[{"type":"message","ts":"1700000099.000042",
                         "text":"🚨 [SEV2] INC-121","metadata":{"event_type":"tocsin_message",
                         "event_payload":{"key":"tocsin-%d"}}}]}""".formatted(item))));

        sender.resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT ts FROM slack_thread WHERE incident_id = ?")
                .param(id).query(String.class).optional().orElse("").equals("1700000099.000042"));
        assertThat(callsTo("#doubt").stream().filter(c -> c.method().equals("chat.postMessage") && !c.isReply())
                .map(c -> c.form().get("text")).filter(t -> t.contains("INC-121"))).isEmpty();
        assertThat(callsTo("#doubt").stream().filter(c -> c.method().equals("chat.postMessage")).map(c -> c.form().get("metadata")))
                .allMatch(m -> m != null && m.contains("\"event_type\":\"tocsin_message\""));
    }

    @Test
    void aRootSlackPostedBeforeAnsweringWithAServerErrorIsNotPostedAgain() {
        UUID earlier = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(earlier, "INC-122", "TRIGGERED", "SEV2", 1, 1), "doubt", 1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM slack_thread WHERE incident_id = ?").param(earlier).query(Long.class).single() == 1);
        jdbc.sql("UPDATE slack_channel SET channel_id = 'C0DOUBT' WHERE channel = '#doubt'").update();
        sender.pause();
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-123", "TRIGGERED", "SEV2", 1, 1), "doubt", 1));
        long item = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "SELECT id FROM slack_queue WHERE incident_id = ? AND kind = 'root' AND status = 'pending'")
                .param(id).query(Long.class).optional(), java.util.Optional::isPresent).orElseThrow();
        // Slack posts the message, then its answer is lost: a 503 from its edge. The post is in the channel's history.
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("tocsin-" + item))
                .willReturn(aResponse().withStatus(503).withBody("upstream connect error")));
        slack.stubFor(post(urlEqualTo("/api/conversations.history")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("channel=C0DOUBT"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"ok":true,"has_more":false,"messages":[{"type":"message","ts":"1700000099.000123",
                         "text":"🚨 [SEV2] INC-123","metadata":{"event_type":"tocsin_message",
                         "event_payload":{"key":"tocsin-%d"}}}]}""".formatted(item))));

        sender.resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT ts FROM slack_thread WHERE incident_id = ?")
                .param(id).query(String.class).optional().orElse("").equals("1700000099.000123"));
        assertThat(callsTo("#doubt").stream().filter(c -> c.method().equals("chat.postMessage") && !c.isReply())
                .map(c -> c.form().get("text")).filter(t -> t.contains("INC-123"))).hasSize(1);
        // Looked for only once a request Slack received has surely landed (tocsin.slack.in-doubt-wait, 3 s here; the
        // first retry's backoff alone is 1 s).
        Instant failedPost = callsTo("#doubt").stream().filter(c -> c.method().equals("chat.postMessage")
                && c.form().getOrDefault("metadata", "").contains("tocsin-" + item)).map(SlackCall::at).findFirst().orElseThrow();
        Instant lookedFor = slack.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals("/api/conversations.history") && r.getBodyAsString().contains("C0DOUBT"))
                .map(r -> r.getLoggedDate().toInstant()).filter(t -> t.isAfter(failedPost)).min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(failedPost, lookedFor)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    private static SlackCall lastUpdate(String channel) {
        List<SlackCall> updates = callsTo(channel).stream().filter(c -> c.method().equals("chat.update")).toList();
        return updates.isEmpty() ? new SlackCall("chat.update", java.util.Map.of("text", "", "blocks", ""), Instant.EPOCH)
                : updates.getLast();
    }

    @Test
    void remediationResultsAreThreadedAndFailedBackupVerificationGoesToInfrastructure() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-107", "TRIGGERED", "SEV2", 1, 1), "life", 7));
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationSucceeded(UUID.randomUUID(),
                Instant.now(), id, UUID.randomUUID(), "redis-memory-full", 0, "redis.set-config", false,
                java.util.Map.of("maxmemory-policy", "allkeys-lru")));
        send(Topics.BACKUP_VERIFICATIONS, new io.tocsin.contracts.messages.BackupVerificationCompleted(UUID.randomUUID(),
                Instant.now(), UUID.randomUUID(), "goodgo", false,
                List.of(new io.tocsin.contracts.messages.BackupVerificationCompleted.Check("backup_age", "<= 25h", "31h", false)),
                "goodgo_20261120_030000.dump", 111600L, null, 900L, Instant.now()));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#life").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").startsWith("✅ Remediation succeeded: `redis.set-config`")));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#infrastructure").stream()
                .anyMatch(c -> c.form().get("text").contains("Backup verification FAILED for `goodgo`")
                        && c.form().get("text").contains("`backup_age`: expected &lt;= 25h, got 31h")));
        assertThat(callsTo("#life").stream().filter(c -> c.isReply() && c.form().get("text").contains("allkeys-lru"))).hasSize(1);
    }

    @Test
    void permanentSlackErrorIsRecordedCountedAndNotRetried() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(1).withRequestBody(channelIs("#gone"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-108", "TRIGGERED", "SEV2", 1, 1), "gone", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(jdbc.sql(
                "SELECT status FROM slack_queue WHERE incident_id = ? AND kind = 'root'").param(id).query(String.class).single()));
        assertThat(jdbc.sql("SELECT last_error FROM slack_queue WHERE incident_id = ? AND kind = 'root'").param(id)
                .query(String.class).single()).isEqualTo("channel_not_found");
        assertThat(callsTo("#gone")).hasSize(1);
        assertThat(get("/actuator/prometheus").body())
                .contains("tocsin_slack_messages_total{application=\"notifier\",kind=\"root\",outcome=\"failed\"}")
                .contains("tocsin_slack_requests_total{application=\"notifier\",method=\"chat.postMessage\",outcome=\"failed\"}");
    }

    @Test
    void remediationWaitingForApprovalGetsApproveAndRejectButtonsInTheThread() {
        UUID id = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-109", "TRIGGERED", "SEV2", 1, 1), "life", 9));
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationAwaitingApproval(
                UUID.randomUUID(), Instant.now(), id, execution, "postgres-connection-pool-exhausted", 1,
                "docker.restart-container", java.util.Map.of("container", "pgbouncer"), null, null, null));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#life").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").startsWith("✋ Remediation awaits approval")));
        SlackCall ask = callsTo("#life").stream().filter(c -> c.isReply() && c.form().get("text").startsWith("✋")).findFirst().orElseThrow();
        assertThat(ask.form().get("blocks")).contains("remediation_approve", "remediation_reject", id + ":" + execution);
    }

    @Test
    void remediationResultThatOvertakesItsIncidentIsPostedInTheThreadOnceTheIncidentArrives() {
        UUID id = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationAwaitingApproval(
                UUID.randomUUID(), Instant.now(), id, execution, "postgres-connection-pool-exhausted", 1,
                "docker.restart-container", java.util.Map.of("container", "pgbouncer"), null, null, null));
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationStarted(
                UUID.randomUUID(), Instant.now(), id, execution, "postgres-connection-pool-exhausted", 1,
                "docker.restart-container", false));
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedFor(id) == 2);
        assertThat(callsTo("#overtaken")).isEmpty();

        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-115", "TRIGGERED", "SEV2", 1, 1), "overtaken", 15));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#overtaken").stream()
                .filter(SlackCall::isReply).count() == 2);
        assertThat(callsTo("#overtaken")).filteredOn(SlackCall::isReply).extracting(c -> c.form().get("text"))
                .as("in the order they were parked").satisfiesExactly(
                        text -> assertThat(text).startsWith("✋ Remediation awaits approval"),
                        text -> assertThat(text).startsWith("🔧 Remediation started"));
        assertThat(callsTo("#overtaken").stream().filter(c -> c.method().equals("chat.postMessage") && !c.isReply()))
                .as("one root message").hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM parked_remediation_result WHERE incident_id = ?").param(id)
                .query(Long.class).single()).as("released").isZero();
    }

    @Test
    void aParkedResultWaitsForTheLabelsThatRouteItsIncident() {
        UUID id = UUID.randomUUID();
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationStarted(
                UUID.randomUUID(), Instant.now(), id, UUID.randomUUID(), "disk-full", 0, "shell.cleanup", false));
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedFor(id) == 1);
        IncidentSummary opened = summary(id, "INC-117", "TRIGGERED", "SEV2", 0, 0);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentOpened(UUID.randomUUID(), Instant.now(), opened, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM incident_view WHERE incident_id = ?")
                .param(id).query(Long.class).single() == 1);

        // IncidentOpened carries no labels: posting now would route by severity alone, to the wrong channel.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> parkedFor(id) == 1);

        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-117", "TRIGGERED", "SEV2", 1, 1), "routed", 17));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#routed").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").startsWith("🔧 Remediation started: `shell.cleanup`")));
        assertThat(allCalls()).filteredOn(c -> c.form().getOrDefault("text", "").contains("shell.cleanup"))
                .extracting(SlackCall::channel).containsOnly("#routed");
    }

    private long parkedFor(UUID incidentId) {
        return jdbc.sql("SELECT count(*) FROM parked_remediation_result WHERE incident_id = ?").param(incidentId)
                .query(Long.class).single();
    }

    @Test
    void aResultParkedWhileItsIncidentArrivedConcurrentlyIsPostedByTheSweep() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-116", "TRIGGERED", "SEV2", 1, 1), "sweep", 16));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#sweep").stream()
                .anyMatch(c -> !c.isReply() && c.form().getOrDefault("text", "").contains("INC-116")));
        // What the remediation consumer leaves behind when it parks while the incident's first event commits.
        var result = new io.tocsin.contracts.messages.RemediationResult.RemediationSucceeded(UUID.randomUUID(), Instant.now(),
                id, UUID.randomUUID(), "redis-memory-full", 0, "redis.set-config", false,
                java.util.Map.of("maxmemory-policy", "volatile-lru"));
        jdbc.sql("INSERT INTO parked_remediation_result (event_id, incident_id, payload, parked_at) VALUES (?, ?, ?, now())")
                .params(result.eventId(), id, new io.tocsin.contracts.json.MessageCodec().write(result)).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#sweep").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").contains("volatile-lru")));
        assertThat(jdbc.sql("SELECT count(*) FROM parked_remediation_result WHERE incident_id = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void inhibitedIncidentIsRecordedButNotNotifiedSeparately() {
        UUID child = UUID.randomUUID();
        IncidentSummary inhibited = new IncidentSummary(child, "INC-110", "Slow queries", "TRIGGERED", "SEV3", "payments",
                "g", 1, 1, "", Instant.now(), "INC-100");
        send(Topics.INCIDENT_EVENTS, attached(inhibited, "inhibited", 1));
        UUID marker = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(marker, "INC-111", "TRIGGERED", "SEV2", 1, 1), "inhibited", 2));

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#inhibited").stream()
                .anyMatch(c -> c.form().getOrDefault("text", "").contains("INC-111")));
        assertThat(callsTo("#inhibited")).noneMatch(c -> c.form().getOrDefault("text", "").contains("INC-110"));
        assertThat(jdbc.sql("SELECT count(*) FROM incident_view WHERE incident_id = ?").param(child).query(Long.class).single())
                .as("still recorded").isEqualTo(1);
    }

    @Test
    void anIncidentInMaintenanceIsNotNotifiedUntilItsWindowEnds() {
        UUID id = UUID.randomUUID();
        Instant opened = Instant.parse("2026-11-21T05:00:00Z");
        IncidentSummary muted = new IncidentSummary(id, "INC-120", "Primary database down", "TRIGGERED", "SEV2", "payments",
                "g-" + id, 1, 1, "", opened, null, false, true);
        send(Topics.INCIDENT_EVENTS, attached(muted, "maint", 1));
        UUID marker = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(marker, "INC-121", "TRIGGERED", "SEV2", 1, 1), "maint", 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#maint").stream()
                .anyMatch(c -> c.form().getOrDefault("text", "").contains("INC-121")));
        assertThat(callsTo("#maint")).noneMatch(c -> c.form().getOrDefault("text", "").contains("INC-120"));

        IncidentSummary released = new IncidentSummary(id, "INC-120", "Primary database down", "TRIGGERED", "SEV2", "payments",
                "g-" + id, 1, 1, "", opened, null, false, false);
        send(Topics.INCIDENT_EVENTS, new IncidentEvent.IncidentMaintenanceEnded(UUID.randomUUID(), Instant.now(), released,
                UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#maint").stream()
                .anyMatch(c -> c.isReply() && c.form().getOrDefault("text", "").contains("Maintenance window ended")));
        assertThat(callsTo("#maint")).filteredOn(c -> !c.isReply() && c.form().getOrDefault("text", "").contains("INC-120"))
                .as("announced once the window ended").isNotEmpty();
    }

    @Test
    void flappingIsAnnouncedOnceInTheThread() {
        UUID id = UUID.randomUUID();
        send(Topics.INCIDENT_EVENTS, attached(summary(id, "INC-130", "TRIGGERED", "SEV3", 1, 1), "flap", 1));
        IncidentSummary flapping = new IncidentSummary(id, "INC-130", "Checkout errors", "TRIGGERED", "SEV3", "payments",
                "g-" + id, 2, 0, "", Instant.parse("2026-11-21T05:00:00Z"), null, true, false);
        IncidentEvent.IncidentFlappingStarted started = new IncidentEvent.IncidentFlappingStarted(UUID.randomUUID(),
                Instant.now(), flapping, "0000000000000001", 3, 1800);
        send(Topics.INCIDENT_EVENTS, started);
        send(Topics.INCIDENT_EVENTS, started); // redelivered
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#flap").stream()
                .anyMatch(c -> c.isReply() && c.form().getOrDefault("text", "").contains("Flapping")));
        assertThat(callsTo("#flap")).filteredOn(c -> c.isReply() && c.form().getOrDefault("text", "").contains("Flapping"))
                .singleElement().satisfies(c -> assertThat(c.form().get("text"))
                        .contains("changed state 3 times within 30 min").contains("throttled"));
    }
}
