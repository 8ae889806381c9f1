package io.tocsin.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Paging that reaches a person (issue 18): an escalation whose level paged people mentions them for real in the
 * incident's thread ({@code <@U…>}, {@code <!subteam^S…>}), says who could not be paged, and sends each paged person a
 * direct message with an Acknowledge button; a redelivered escalation pages nobody twice. {@code /incident oncall}
 * answers who is on call from the same configuration.
 */
class PagingIT extends NotifierIT {

    @Test
    void anEscalationMentionsThePagedInTheThreadAndMessagesEachPersonDirectlyOnce() {
        UUID id = UUID.randomUUID();
        IncidentSummary s = summary(id, "INC-181", "TRIGGERED", "SEV1", 1, 1);
        send(Topics.INCIDENT_EVENTS, attached(s, "paging", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !callsTo("#paging").isEmpty());

        IncidentEvent.IncidentEscalated escalated = new IncidentEvent.IncidentEscalated(UUID.randomUUID(), Instant.now(), s,
                2, "person bob, user group S0LEADS01, schedule night", "not acknowledged within 5 min (policy sev1)", List.of(
                new IncidentEvent.Page("person bob", "bob", "Bob Example", "U0BOB0001", null, "paged"),
                new IncidentEvent.Page("user group S0LEADS01", null, null, null, "S0LEADS01", "paged"),
                new IncidentEvent.Page("schedule night", null, null, null, null, "nobody on call")));
        send(Topics.INCIDENT_EVENTS, escalated);

        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#paging").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").contains("Escalated to level 2")));
        String reply = callsTo("#paging").stream().filter(c -> c.isReply()).map(c -> c.form().get("text"))
                .filter(t -> t.contains("Escalated")).findFirst().orElseThrow();
        assertThat(reply).contains("Paging <@U0BOB0001> <!subteam^S0LEADS01>").contains("Nobody on call in schedule night");

        await().atMost(Duration.ofSeconds(20)).until(() -> !callsTo("U0BOB0001").isEmpty());
        SlackCall dm = callsTo("U0BOB0001").getFirst();
        assertThat(dm.isReply()).isFalse();
        assertThat(dm.form().get("text")).contains("You are paged for *[SEV1] INC-181*").contains("escalation level 2");
        assertThat(dm.form().get("blocks")).contains("incident_acknowledge", id.toString(),
                "https://tocsin-test.slack.com/archives/C0THREAD/p1700000000000001|Incident thread", "https://runbooks/checkout");

        send(Topics.INCIDENT_EVENTS, escalated); // redelivered
        var marker = new IncidentEvent.TimelineNoteAdded(UUID.randomUUID(), Instant.now(), s, "api:alice", "paging marker");
        send(Topics.INCIDENT_EVENTS, marker);
        await().atMost(Duration.ofSeconds(20)).until(() -> callsTo("#paging").stream()
                .anyMatch(c -> c.isReply() && c.form().get("text").contains("paging marker")));
        assertThat(callsTo("U0BOB0001")).hasSize(1);
        assertThat(callsTo("#paging").stream().filter(c -> c.isReply() && c.form().get("text").contains("Escalated")))
                .hasSize(1);
    }

    @Test
    void slashCommandOncallAnswersWhoIsOnCallAndWhomAServicesIncidentsPage() {
        var everyone = slashCommand("oncall", "U0BOB0001");
        assertThat(everyone.statusCode()).isEqualTo(200);
        String text = TocsinJson.mapper().readTree(everyone.body()).get("text").asString();
        assertThat(text).startsWith("*On call now*\n• *payments*: <@U0ALICE01> (primary, until <!date^");

        String payments = TocsinJson.mapper().readTree(slashCommand("oncall payments", "U0BOB0001").body()).get("text").asString();
        assertThat(payments).contains("*payments* → policy `payments-urgent` (SEV1, SEV2), level 1 pages:")
                .contains("• *payments*: <@U0ALICE01>").contains("• <!subteam^S0PAYLEADS>");

        String unknown = TocsinJson.mapper().readTree(slashCommand("oncall billing", "U0BOB0001").body()).get("text").asString();
        assertThat(unknown).isEqualTo("No escalation policy matches service `billing`: its incidents follow the built-in "
                + "matrix and page nobody by name.");
    }

    @Test
    void oncallCountsOverridesAddedThroughIncidentServicesApiKeepingTheLatestList() {
        Instant now = Instant.now();
        var bobCovers = new io.tocsin.contracts.messages.OnCallEvent.OverridesChanged(UUID.randomUUID(), now, "payments",
                List.of(new io.tocsin.contracts.messages.OnCallEvent.OnCallOverride(UUID.randomUUID(), "primary", "bob",
                        now.minusSeconds(60), now.plusSeconds(3600))));
        send(Topics.ONCALL_EVENTS, bobCovers);
        await().atMost(Duration.ofSeconds(20)).until(() -> oncallText().contains("<@U0BOB0001> (primary, override"));

        // A late message from before changes nothing (applied here directly, as the consumer does).
        copies.apply(new io.tocsin.contracts.messages.OnCallEvent.OverridesChanged(UUID.randomUUID(), now.minusSeconds(5),
                "payments", List.of()));
        assertThat(oncallText()).contains("<@U0BOB0001> (primary, override");
        // The next change (the override cancelled) brings Alice back.
        send(Topics.ONCALL_EVENTS, new io.tocsin.contracts.messages.OnCallEvent.OverridesChanged(UUID.randomUUID(),
                now.plusSeconds(1), "payments", List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> oncallText().contains("<@U0ALICE01> (primary, until"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.tocsin.notify.oncall.OnCallOverrideCopies copies;

    private String oncallText() {
        return TocsinJson.mapper().readTree(slashCommand("oncall", "U0BOB0001").body()).get("text").asString();
    }
}
