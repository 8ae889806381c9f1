package io.tocsin.oncall;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The on-call configuration ({@code TOCSIN_ONCALL_CONFIG}, YAML): people and schedules, validated whole at start-up by
 * {@link #load}; one problem means nothing is loaded. Format:
 *
 * <pre>
 * people:
 *   - id: alice                      # unique; what schedules name
 *     name: Alice Example
 *     slack: U0ALICE01               # Slack member id (U… or W…)
 *     email: alice@example.com       # optional
 *     phone: "+4915100000001"        # optional, E.164
 * schedules:
 *   - name: platform                 # unique
 *     timeZone: Europe/Berlin        # IANA zone: handoffs and restrictions are local times here
 *     layers:                        # paging order: the schedule pages its first layer that covers
 *       - name: primary
 *         rotation: weekly           # daily | weekly | custom (then length: 12h, 3d, 2w)
 *         handoff: "09:00"           # quote it: YAML 1.1 reads 09:00 as a number
 *         start: 2026-11-02          # the first person's first turn begins on this date at the handoff
 *         people: [alice, bob]
 *         restrictions:              # optional: covers only inside these windows
 *           - days: [MON, TUE, WED, THU, FRI]   # optional, default every day
 *             from: "09:00"
 *             to: "17:00"            # a window ending at or before it starts runs past midnight
 *     overrides:
 *       - layer: primary             # optional, default the first layer
 *         person: carol
 *         from: 2026-12-24T18:00:00+01:00
 *         to: 2026-12-27T09:00:00+01:00
 * escalationPolicies:                # the first that applies to an incident is its policy
 *   - name: payments
 *     match: {service: payments}     # label equality, any number
 *     matchers: ['env!="staging"']   # optional Prometheus-style matchers (=, !=, =~, !~)
 *     severities: [SEV1, SEV2]       # optional, default all
 *     repeat: 1                      # optional: run the levels once more after the last, default 0
 *     whenNobodyOnCall: next         # optional: next (default) moves on at once; wait pages when the schedule next
 *                                    #   covers (business hours for SEV3)
 *     levels:
 *       - delay: 0m                  # level 1: after opening; later levels: after the previous one
 *         page: [{schedule: platform}]
 *       - delay: 5m
 *         page: [{schedule: platform, layer: secondary}, {usergroup: S0LEADS01}]
 *       - delay: 10m
 *         page: [{person: alice}]
 * </pre>
 *
 * @param people             by id
 * @param schedules          by name
 * @param escalationPolicies in the order they are tried
 */
public record OnCallConfig(Map<String, Person> people, Map<String, Schedule> schedules, List<EscalationPolicy> escalationPolicies) {

    public OnCallConfig {
        people = Map.copyOf(people);
        schedules = Map.copyOf(schedules);
        escalationPolicies = List.copyOf(escalationPolicies);
    }

    /** No people, schedules or policies: what runs when {@code TOCSIN_ONCALL_CONFIG} is not set. */
    public static OnCallConfig empty() {
        return new OnCallConfig(Map.of(), Map.of(), List.of());
    }

    /** The first escalation policy that applies to an incident with these labels and severity ({@code SEV1}…). */
    public Optional<EscalationPolicy> policyFor(Map<String, String> labels, String severity) {
        return escalationPolicies.stream().filter(p -> p.appliesTo(labels, severity)).findFirst();
    }

    /**
     * Reads and validates a configuration.
     *
     * @param source where it came from, for messages (e.g. the file's path)
     * @throws OnCallConfigException listing every problem, each with its schedule, layer and field
     */
    public static OnCallConfig load(InputStream yaml, String source) {
        return new OnCallConfigReader(source).read(yaml);
    }

    /**
     * Reads the configuration {@code TOCSIN_ONCALL_CONFIG} names: a file's path, or {@code classpath:<resource>};
     * blank means none ({@link #empty()}). Every service that pages or answers who is on call loads it this way.
     *
     * @throws OnCallConfigException when it cannot be read (naming the location) or is invalid (every problem)
     */
    public static OnCallConfig fromLocation(String location) {
        if (location == null || location.isBlank()) {
            return empty();
        }
        String where = location.strip();
        try (InputStream in = open(where)) {
            return load(in, where);
        } catch (java.io.IOException e) {
            throw new OnCallConfigException(where, List.of("cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }

    private static InputStream open(String location) throws java.io.IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = (loader != null ? loader : OnCallConfig.class.getClassLoader()).getResourceAsStream(resource);
            if (in == null) {
                throw new java.io.FileNotFoundException("no class path resource " + resource);
            }
            return in;
        }
        return java.nio.file.Files.newInputStream(java.nio.file.Path.of(location));
    }

    /**
     * This configuration with more overrides: each schedule's {@code added} ones after its own, so the added win where
     * they overlap (overrides added through incident-service's API). Schedules not named here keep theirs.
     */
    public OnCallConfig withAddedOverrides(Map<String, List<ScheduleOverride>> added) {
        if (added.isEmpty()) {
            return this;
        }
        Map<String, Schedule> merged = new java.util.LinkedHashMap<>();
        schedules.forEach((name, s) -> {
            List<ScheduleOverride> overrides = new java.util.ArrayList<>(s.overrides());
            overrides.addAll(added.getOrDefault(name, List.of()));
            merged.put(name, new Schedule(s.name(), s.zone(), s.layers(), overrides));
        });
        return new OnCallConfig(people, merged, escalationPolicies);
    }

    /** A schedule by name. */
    public Optional<Schedule> schedule(String name) {
        return Optional.ofNullable(schedules.get(name));
    }

    /** A person by Slack member id. */
    public Optional<Person> bySlackId(String slackUserId) {
        return people.values().stream().filter(p -> p.slackUserId().equals(slackUserId)).findFirst();
    }
}
