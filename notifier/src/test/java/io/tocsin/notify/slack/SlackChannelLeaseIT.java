package io.tocsin.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.notify.NotifierIT;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two notifier instances share one Slack queue (issue 17): while one holds a channel, the other sends nothing in it
 * (no two posts at once, no reply before its root); when the holder dies mid-send, the other takes the channel over
 * once the lease ends and sends the interrupted message again instead of stalling the channel; a holder that only
 * stalled past its lease posts nothing once the other has taken the channel.
 */
class SlackChannelLeaseIT extends NotifierIT {

    @Autowired
    SlackSender sender;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    SlackApi slackApi;
    @Autowired
    io.tocsin.notify.incidents.IncidentViews views;
    @Autowired
    SlackSettings settings;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    org.springframework.beans.factory.ObjectProvider<io.micrometer.tracing.Tracer> tracer;
    @Autowired
    org.springframework.beans.factory.ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator;

    private final String channel = "#lease-" + UUID.randomUUID();

    @BeforeEach
    void onlyTheTwoInstancesOfTheTestSend() {
        sender.pause();
    }

    @AfterEach
    void resumeTheContextsSender() {
        sender.resume();
    }

    @Test
    void anInstanceSendsNothingInAChannelAnotherHoldsAndTakesOverTheInterruptedHeadWhenTheHolderDies() {
        long root = queue("root");
        long reply = queue("reply");
        SlackQueueStore first = new SlackQueueStore(jdbc, tx, "instance-a");
        SlackQueueStore second = new SlackQueueStore(jdbc, tx, "instance-b");

        SlackQueueStore.Item claimed = first.claimHead(channel, Instant.now()).orElseThrow();
        assertThat(claimed.id()).isEqualTo(root);
        assertThat(claimed.inDoubtSince()).as("a first claim cannot have reached Slack yet").isNull();
        assertThat(second.claimHead(channel, Instant.now())).as("the first holds the channel").isEmpty();
        assertThat(second.dueChannels(Instant.now())).doesNotContain(channel);

        // the first instance dies with the root in flight; its lease runs out
        jdbc.sql("UPDATE slack_channel SET lease_until = now() - interval '1 second' WHERE channel = ?").param(channel).update();

        assertThat(second.dueChannels(Instant.now())).contains(channel);
        SlackQueueStore.Item resent = second.claimHead(channel, Instant.now()).orElseThrow();
        assertThat(resent.id()).as("the interrupted root, again, before its reply").isEqualTo(root);
        assertThat(resent.inDoubtSince()).as("looked for in Slack before it is posted again").isNotNull();
        assertThat(first.claimHead(channel, Instant.now())).as("the second holds the channel now").isEmpty();
        second.finish(resent, "sent", null, Instant.now());
        assertThat(second.claimHead(channel, Instant.now())).as("the reply, after its root")
                .map(SlackQueueStore.Item::id).contains(reply);
    }

    @Test
    void aHolderThatStalledPastItsLeasePostsNothingOnceAnotherInstanceTookTheChannel() {
        long message = queue("message");
        SlackQueueStore first = new SlackQueueStore(jdbc, tx, "instance-a");
        SlackQueueStore second = new SlackQueueStore(jdbc, tx, "instance-b");
        SlackQueueStore.Item claimedByFirst = first.claimHead(channel, Instant.now()).orElseThrow();

        // the first instance stalls between its claim and its post (a GC pause, a starved CPU) past its lease
        jdbc.sql("UPDATE slack_channel SET lease_until = now() - interval '1 second' WHERE channel = ?").param(channel).update();
        SlackQueueStore.Item claimedBySecond = second.claimHead(channel, Instant.now()).orElseThrow();
        assertThat(claimedBySecond.id()).isEqualTo(message);
        // ... and wakes up to deliver what it had claimed
        delivery(first).deliver(claimedByFirst);

        assertThat(callsTo(channel)).as("the stalled instance posted nothing").isEmpty();
        assertThat(jdbc.sql("SELECT status FROM slack_queue WHERE id = ?").param(message).query(String.class).single())
                .as("the item is the second instance's to send").isEqualTo("sending");
        delivery(second).deliver(claimedBySecond);
        assertThat(callsTo(channel)).as("one post, by the channel's holder").hasSize(1);
        assertThat(jdbc.sql("SELECT status FROM slack_queue WHERE id = ?").param(message).query(String.class).single())
                .isEqualTo("sent");
    }

    @Test
    void aHolderThatLostTheChannelDuringItsSendRecordsNothingOverTheNewHoldersClaim() throws Exception {
        long message = queue("message");
        SlackQueueStore first = new SlackQueueStore(jdbc, tx, "instance-a");
        SlackQueueStore second = new SlackQueueStore(jdbc, tx, "instance-b");
        // Slack takes its time answering the first instance's post
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/chat.postMessage")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("tocsin-" + message))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withFixedDelay(1_500)
                        .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"channel\":\"C0LEASE\",\"ts\":\"1700000000.000777\"}")));
        SlackQueueStore.Item claimedByFirst = first.claimHead(channel, Instant.now()).orElseThrow();
        var sending = java.util.concurrent.CompletableFuture.runAsync(() -> delivery(first).deliver(claimedByFirst));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> callsTo(channel).size() == 1);

        // meanwhile its lease runs out and the second instance claims the item, in doubt
        jdbc.sql("UPDATE slack_channel SET lease_until = now() - interval '1 second' WHERE channel = ?").param(channel).update();
        SlackQueueStore.Item claimedBySecond = second.claimHead(channel, Instant.now()).orElseThrow();
        sending.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(jdbc.sql("SELECT status FROM slack_queue WHERE id = ?").param(message).query(String.class).single())
                .as("still the second instance's claim: it looks for the message before sending").isEqualTo("sending");
        assertThat(claimedBySecond.inDoubtSince()).isNotNull();
    }

    @Test
    void aClaimGivenBackWithoutAnOutcomeStaysInDoubtThroughARetry() {
        long message = queue("message");
        SlackQueueStore store = new SlackQueueStore(jdbc, tx, "instance-a");

        // the post may have reached Slack before recording its answer failed
        store.release(store.claimHead(channel, Instant.now()).orElseThrow());
        SlackQueueStore.Item again = store.claimHead(channel, Instant.now()).orElseThrow();
        assertThat(again.id()).isEqualTo(message);
        assertThat(again.inDoubtSince()).isNotNull();

        // Slack could not say whether it is there: retried later, still in doubt
        store.requeue(again, 1, Instant.now(), "cannot tell", false);
        assertThat(store.claimHead(channel, Instant.now()).orElseThrow().inDoubtSince()).isEqualTo(again.inDoubtSince());
    }

    /** The delivery of an instance whose queue statements run as {@code store}; the rest is this context's. */
    private SlackDelivery delivery(SlackQueueStore store) {
        return new SlackDelivery(store, slackApi, views, settings, java.time.Clock.systemUTC(), meters, tracer, propagator);
    }

    private long queue(String kind) {
        return jdbc.sql("""
                        INSERT INTO slack_queue (channel, kind, text, dedupe_key) VALUES (?, 'message', ?, ?) RETURNING id""")
                .params(channel, kind, UUID.randomUUID().toString()).query(Long.class).single();
    }
}
