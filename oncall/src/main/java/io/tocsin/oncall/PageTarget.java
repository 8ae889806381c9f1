package io.tocsin.oncall;

/**
 * Whom one escalation level pages.
 */
public sealed interface PageTarget {

    /**
     * Whoever is on call in a schedule when the level is reached: its first covering layer, or the named layer.
     *
     * @param layer {@code null} for the schedule's first covering layer
     */
    record OnCallOf(String schedule, String layer) implements PageTarget {
    }

    /** One person, whatever the schedules say (e.g. the CTO at a SEV1's last level, seed 000). */
    record OnePerson(Person person) implements PageTarget {
    }

    /** A Slack user group ({@code S…}), mentioned as {@code <!subteam^S…>}. */
    record SlackUserGroup(String id) implements PageTarget {
    }
}
