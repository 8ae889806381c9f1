package io.tocsin.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnCallConfigTest {

    private static final String EXAMPLE = """
            people:
              - id: alice
                name: Alice Example
                slack: U0ALICE01
                email: alice@example.com
                phone: "+4915100000001"
              - id: bob
                name: Bob Example
                slack: U0BOB0001
              - id: carol
                name: Carol Example
                slack: W0CAROL01
            schedules:
              - name: platform
                timeZone: Europe/Berlin
                layers:
                  - name: primary
                    rotation: weekly
                    handoff: 09:00
                    start: 2026-11-02
                    people: [alice, bob]
                    restrictions:
                      - days: [MON, TUE, WED, THU, FRI]
                        from: "09:00"
                        to: "17:00"
                  - name: secondary
                    rotation: custom
                    length: 12h
                    handoff: "08:00"
                    start: 2026-11-02
                    people: [carol]
                overrides:
                  - person: carol
                    from: 2026-12-24T18:00:00+01:00
                    to: 2026-12-27T09:00:00+01:00
            escalationPolicies:
              - name: payments
                match: {service: payments}
                matchers: ['env!="staging"']
                severities: [SEV1, SEV2]
                repeat: 1
                levels:
                  - delay: 0m
                    page: [{schedule: platform}]
                  - delay: 5m
                    page: [{schedule: platform, layer: secondary}, {usergroup: S0LEADS01}]
                  - delay: 10m
                    page: [{person: alice}]
              - name: everything-else
                levels:
                  - delay: 0m
                    page: [{schedule: platform}]
            """;

    private static OnCallConfig load(String yaml) {
        return OnCallConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "oncall.yml");
    }

    @Test
    void theDocumentedExampleLoads() {
        OnCallConfig config = load(EXAMPLE);

        Schedule platform = config.schedule("platform").orElseThrow();
        assertThat(platform.layers()).extracting(Layer::name).containsExactly("primary", "secondary");
        assertThat(platform.layers().getFirst().handoff()).isEqualTo(LocalTime.of(9, 0)); // unquoted 09:00 too
        assertThat(platform.layers().get(1).length()).isEqualTo(Duration.ofHours(12));
        assertThat(platform.overrides().getFirst().layer()).isEqualTo("primary");
        assertThat(config.people().get("alice").phone()).isEqualTo("+4915100000001");
        assertThat(config.bySlackId("W0CAROL01")).map(Person::id).contains("carol");
        assertThat(platform.paged(Instant.parse("2026-12-25T10:00:00Z")).orElseThrow().person().id()).isEqualTo("carol");
        assertThat(platform.paged(Instant.parse("2026-12-01T10:00:00Z")).orElseThrow().person().id()).isEqualTo("alice");
    }

    @Test
    void theFirstPolicyThatAppliesIsTheIncidentsPolicy() {
        OnCallConfig config = load(EXAMPLE);

        EscalationPolicy payments = config.policyFor(Map.of("service", "payments", "env", "prod"), "SEV1").orElseThrow();
        assertThat(payments.name()).isEqualTo("payments");
        assertThat(payments.repeat()).isEqualTo(1);
        assertThat(payments.levels()).extracting(EscalationPolicy.Level::delay)
                .containsExactly(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10));
        assertThat(payments.levels().get(1).targets()).containsExactly(new PageTarget.OnCallOf("platform", "secondary"),
                new PageTarget.SlackUserGroup("S0LEADS01"));
        assertThat(payments.levels().get(2).targets()).containsExactly(new PageTarget.OnePerson(config.people().get("alice")));
        assertThat(config.policyFor(Map.of("service", "payments", "env", "staging"), "SEV1")).map(EscalationPolicy::name)
                .contains("everything-else");
        assertThat(config.policyFor(Map.of("service", "payments"), "SEV3")).map(EscalationPolicy::name).contains("everything-else");
        assertThat(OnCallConfig.empty().policyFor(Map.of(), "SEV1")).isEmpty();
    }

    @Test
    void aPolicysProblemsNameItsLevelAndTarget() {
        String broken = EXAMPLE.substring(0, EXAMPLE.indexOf("escalationPolicies:")) + """
                escalationPolicies:
                  - name: payments
                    matchers: ['env=staging']
                    severities: [P1]
                    repeat: many
                    levels:
                      - delay: soon
                        page: [{schedule: billing}]
                      - delay: 5m
                        page: [{schedule: platform, layer: tertiary}, {person: dave}, {usergroup: leads}, {phone: "+1"}]
                  - name: payments
                    levels: []
                """;

        OnCallConfigException e = catchThrowableOfType(OnCallConfigException.class, () -> load(broken));

        assertThat(e.problems()).contains(
                "escalationPolicies[payments].severities: \"P1\" is not SEV1, SEV2, SEV3 or SEV4",
                "escalationPolicies[payments].repeat: \"many\" is not a whole number from 0 to 10",
                "escalationPolicies[payments].levels[0].delay: \"soon\" is not a delay (e.g. 0m, 30s, 5m, 1h)",
                "escalationPolicies[payments].levels[0].page[0].schedule: unknown schedule \"billing\"",
                "escalationPolicies[payments].levels[1].page[0].layer: schedule \"platform\" has no layer \"tertiary\"",
                "escalationPolicies[payments].levels[1].page[1].person: unknown person \"dave\" (not in people)",
                "escalationPolicies[payments].levels[1].page[2].usergroup: \"leads\" is not a Slack user group id (S…)",
                "escalationPolicies[payments].name: \"payments\" is used twice",
                "escalationPolicies[payments].levels: at least one level is required");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("escalationPolicies[payments].matchers[0]: not a label matcher"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("escalationPolicies[payments].levels[1].page[3]: must be one of"));
    }

    @Test
    void everyProblemIsNamedWithItsScheduleLayerAndField() {
        String broken = """
                people:
                  - id: alice
                    name: Alice
                    slack: alice
                    phone: "0151"
                schedules:
                  - name: platform
                    timeZone: Europe/Berlín
                    layers:
                      - name: primary
                        rotation: fortnightly
                        handoff: "25:00"
                        start: 2026-13-01
                        people: [alice, dave]
                    overrides:
                      - layer: tertiary
                        person: erin
                        from: 2026-12-24T18:00:00+01:00
                        to: 2026-12-24T17:00:00+01:00
                  - name: platform
                    timeZone: UTC
                    layers: []
                """;

        OnCallConfigException e = catchThrowableOfType(OnCallConfigException.class, () -> load(broken));

        assertThat(e.problems()).contains(
                "people[alice].slack: \"alice\" is not a Slack member id (U… or W…)",
                "people[alice].phone: \"0151\" is not an E.164 number (+ and 7 to 15 digits)",
                "schedules[platform].timeZone: \"Europe/Berlín\" is not a time zone (IANA, e.g. Europe/Berlin)",
                "schedules[platform].layers[primary].rotation: \"fortnightly\" is not daily, weekly or custom",
                "schedules[platform].layers[primary].handoff: \"25:00\" is not a time (HH:MM)",
                "schedules[platform].layers[primary].people[1]: unknown person \"dave\" (not in people)",
                "schedules[platform].overrides[0].layer: unknown layer \"tertiary\"",
                "schedules[platform].overrides[0].person: unknown person \"erin\" (not in people)",
                "schedules[platform].overrides[0].to: must be after from",
                "schedules[platform].name: \"platform\" is used twice",
                "schedules[platform].layers: at least one layer is required");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("schedules[platform].layers[primary].start: \"2026-13-01\""));
        assertThat(e.getMessage()).startsWith("invalid on-call configuration oncall.yml:");
    }

    @Test
    void anEmptyFileIsNoSchedules() {
        assertThat(load("").schedules()).isEmpty();
    }
}
