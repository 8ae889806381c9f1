package io.tocsin.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentOrigin;
import io.tocsin.incident.incident.Page;
import io.tocsin.incident.incident.Severity;
import io.tocsin.oncall.OnCallConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Escalation by an on-call policy (issue 18, seed 000's matrix as a policy): level 1 pages the on-call person at once,
 * level 2 five minutes later, the leadership level by 15 minutes; the person paged is whoever the schedule names at
 * that instant (overrides and DST handoffs included); a schedule with nobody on call moves to the next level at once.
 */
class OnCallEscalationTest {

    private static final String CONFIG = """
            people:
              - {id: alice, name: Alice, slack: U0ALICE01}
              - {id: bob, name: Bob, slack: U0BOB0001}
              - {id: carol, name: Carol, slack: U0CAROL01}
              - {id: cto, name: Chris CTO, slack: U0CTO0001}
              - {id: ceo, name: Casey CEO, slack: U0CEO0001}
            schedules:
              - name: sre
                timeZone: Europe/Berlin
                layers:
                  - {name: primary, rotation: daily, handoff: "09:00", start: 2026-03-27, people: [alice, bob]}
                overrides:
                  - {person: carol, from: "2026-12-24T18:00:00+01:00", to: "2026-12-27T09:00:00+01:00"}
              - name: leads
                timeZone: America/New_York
                layers:
                  - name: business
                    rotation: weekly
                    handoff: "09:00"
                    start: 2026-03-02
                    people: [bob]
                    restrictions: [{days: [MON, TUE, WED, THU, FRI], from: "09:00", to: "17:00"}]
            escalationPolicies:
              - name: sev1
                severities: [SEV1]
                levels:
                  - {delay: 0m, page: [{schedule: sre}]}
                  - {delay: 5m, page: [{schedule: leads}, {usergroup: S0LEADS01}]}
                  - {delay: 10m, page: [{person: cto}, {person: ceo}]}
              - name: sev3
                severities: [SEV3]
                whenNobodyOnCall: wait
                levels:
                  - {delay: 0m, page: [{schedule: leads}]}
              - name: payments
                match: {service: payments}
                repeat: 1
                levels:
                  - {delay: 0m, page: [{schedule: sre}]}
                  - {delay: 15m, page: [{person: cto}]}
            """;
    private static final OnCallConfig ONCALL = OnCallConfig.load(
            new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)), "test");
    private final EscalationPolicy policy = new EscalationPolicy(EscalationSettings.defaults(), ONCALL);

    @Test
    void aSev1PagesOnCallAtOnceLeadsAfterFiveMinutesAndLeadershipWithinFifteen() {
        Instant opened = Instant.parse("2026-12-01T10:00:00Z"); // Tuesday 11:00 Berlin, 05:00 New York
        Incident incident = open(opened, Severity.SEV1, "api");
        assertThat(incident.escalation().nextEscalationAt()).as("level 1 at once").isEqualTo(opened);

        List<EscalationPolicy.Step> steps = escalateAll(incident, 3);

        assertThat(steps).extracting(EscalationPolicy.Step::level).containsExactly(1, 2, 3);
        assertThat(steps.get(0).pages()).extracting(Page::person).containsExactly("bob"); // 2026-12-01: day 249, odd
        assertThat(steps.get(0).reason()).isEqualTo("SEV1 opened; policy sev1 pages its first level at once");
        assertThat(steps.get(1).pages()).extracting(Page::target, Page::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schedule leads", Page.NOBODY_ON_CALL), // 05:05 in New York
                org.assertj.core.groups.Tuple.tuple("user group S0LEADS01", Page.PAGED));
        assertThat(steps.get(1).reason()).isEqualTo("not acknowledged within 5 min (policy sev1)");
        assertThat(steps.get(2).pages()).extracting(Page::person, Page::slackUserId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cto", "U0CTO0001"), org.assertj.core.groups.Tuple.tuple("ceo", "U0CEO0001"));
        assertThat(incident.escalation().level()).isEqualTo(3);
        assertThat(incident.escalation().nextEscalationAt()).as("no repeat: escalation ends").isNull();
        assertThat(dueTimes).containsExactly(opened, opened.plus(Duration.ofMinutes(5)), opened.plus(Duration.ofMinutes(15)));
    }

    @Test
    void anAcknowledgedIncidentStopsEscalating() {
        Instant opened = Instant.parse("2026-12-01T10:00:00Z");
        Incident incident = open(opened, Severity.SEV1, "api");
        escalateAll(incident, 1);

        incident.acknowledge("slack:U0BOB0001", opened.plus(Duration.ofMinutes(2)));

        assertThat(incident.isEscalationDue(opened.plus(Duration.ofHours(1)))).isFalse();
        assertThat(incident.escalation().level()).isEqualTo(1);
    }

    @Test
    void theOverrideAndTheDstHandoffDecideWhoIsPaged() {
        Incident christmas = open(Instant.parse("2026-12-25T12:00:00Z"), Severity.SEV1, "api");
        assertThat(escalateAll(christmas, 1).getFirst().pages()).extracting(Page::person).containsExactly("carol");

        // Berlin springs forward on 2026-03-29: the 09:00 handoff is 07:00 UTC that day, 08:00 UTC the day before.
        Incident beforeHandoff = open(Instant.parse("2026-03-29T06:59:00Z"), Severity.SEV1, "api");
        Incident afterHandoff = open(Instant.parse("2026-03-29T07:00:00Z"), Severity.SEV1, "api");
        String before = escalateAll(beforeHandoff, 1).getFirst().pages().getFirst().person();
        String after = escalateAll(afterHandoff, 1).getFirst().pages().getFirst().person();
        assertThat(before).isNotEqualTo(after);
        assertThat(List.of(before, after)).containsExactlyInAnyOrder("alice", "bob");
        // and on the autumn change day (2026-10-25, 09:00 Berlin = 08:00 UTC)
        String autumnBefore = escalateAll(open(Instant.parse("2026-10-25T07:59:00Z"), Severity.SEV1, "api"), 1)
                .getFirst().pages().getFirst().person();
        String autumnAfter = escalateAll(open(Instant.parse("2026-10-25T08:00:00Z"), Severity.SEV1, "api"), 1)
                .getFirst().pages().getFirst().person();
        assertThat(autumnBefore).isNotEqualTo(autumnAfter);
    }

    @Test
    void aPolicyRepeatsItsLevelsThenStops() {
        Instant opened = Instant.parse("2026-12-01T10:00:00Z");
        Incident incident = open(opened, Severity.SEV2, "payments");

        List<EscalationPolicy.Step> steps = escalateAll(incident, 4);

        assertThat(steps).extracting(EscalationPolicy.Step::target)
                .containsExactly("schedule sre", "person cto", "schedule sre", "person cto");
        assertThat(dueTimes).containsExactly(opened, opened.plus(Duration.ofMinutes(15)),
                opened.plus(Duration.ofMinutes(30)), opened.plus(Duration.ofMinutes(45)));
        assertThat(steps.get(2).reason()).contains("repeat 1");
        assertThat(incident.escalation().nextEscalationAt()).isNull();
    }

    @Test
    void aSev3OutsideBusinessHoursWaitsForTheScheduleToCoverAndPagesThen() {
        Instant saturday = Instant.parse("2026-12-05T15:00:00Z"); // 10:00 in New York, a Saturday
        Incident incident = open(saturday, Severity.SEV3, "api");

        EscalationPolicy.Step waiting = policy.next(incident, saturday);

        Instant monday = Instant.parse("2026-12-07T14:00:00Z"); // 09:00 EST
        assertThat(waiting.deferredUntil()).isEqualTo(monday);
        assertThat(waiting.pages()).isEmpty();
        incident.deferEscalation(saturday, waiting.deferredUntil());
        assertThat(incident.escalation().level()).isZero();
        assertThat(incident.isEscalationDue(monday.minusSeconds(1))).isFalse();

        EscalationPolicy.Step paged = policy.next(incident, monday);
        assertThat(paged.deferredUntil()).isNull();
        assertThat(paged.pages()).extracting(Page::person).containsExactly("bob");
    }

    @Test
    void incidentsNoPolicyMatchesFollowTheBuiltInMatrix() {
        Instant opened = Instant.parse("2026-12-01T10:00:00Z");
        Incident incident = open(opened, Severity.SEV2, "api");
        assertThat(incident.escalation().nextEscalationAt()).isEqualTo(opened.plus(Duration.ofMinutes(15)));

        EscalationPolicy.Step step = escalateAll(incident, 1).getFirst();

        assertThat(step.target()).isEqualTo("#sre-oncall");
        assertThat(step.pages()).isEmpty();
        assertThat(step.policy()).isNull();
    }

    private final List<Instant> dueTimes = new java.util.ArrayList<>();

    private List<EscalationPolicy.Step> escalateAll(Incident incident, int levels) {
        List<EscalationPolicy.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < levels; i++) {
            Instant due = incident.escalation().nextEscalationAt();
            dueTimes.add(due);
            EscalationPolicy.Step step = policy.next(incident, due);
            incident.escalate(due, step.target(), step.reason(), step.next(), step.pages());
            steps.add(step);
        }
        return steps;
    }

    private Incident open(Instant at, Severity severity, String service) {
        dueTimes.clear();
        return Incident.open(new IncidentOrigin(UUID.randomUUID(), 1, "t", service, "g", "g", "r", "alertmanager", "",
                at, null, Map.of("service", service, "alertname", "ApiDown")), severity, null, policy);
    }
}
