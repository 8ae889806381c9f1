package io.tocsin.incident.incident;

/**
 * One page of an escalation level (issue 18): a person or a Slack user group to reach, resolved when the level was
 * reached from the on-call configuration ({@code TOCSIN_ONCALL_CONFIG}).
 *
 * @param target           the level's target it came from: {@code schedule primary}, {@code schedule primary/backup}
 *                         (a layer), {@code person cto}, {@code user group S0614TZR7}
 * @param person           the person's id in the configuration; {@code null} for a user group or nobody on call
 * @param name             the person's display name; {@code null} likewise
 * @param slackUserId      the person's Slack member id ({@code U…}); {@code null} when they have none
 * @param slackUserGroupId the user group's id ({@code S…}); {@code null} for a person
 * @param outcome          {@link #PAGED}, or {@link #NOBODY_ON_CALL} when the schedule had no one at that instant
 */
public record Page(String target, String person, String name, String slackUserId, String slackUserGroupId, String outcome) {

    /** A person or group was paged. */
    public static final String PAGED = "paged";
    /** The schedule had nobody on call when the level was reached. */
    public static final String NOBODY_ON_CALL = "nobody on call";

    /** A person paged through {@code target}. */
    public static Page person(String target, String person, String name, String slackUserId) {
        return new Page(target, person, name, slackUserId, null, PAGED);
    }

    /** A Slack user group paged. */
    public static Page userGroup(String groupId) {
        return new Page("user group " + groupId, null, null, null, groupId, PAGED);
    }

    /** A schedule target that found nobody on call. */
    public static Page nobody(String target) {
        return new Page(target, null, null, null, null, NOBODY_ON_CALL);
    }

    /** Who, as text: {@code Alice (schedule primary)}, {@code user group S06…}, {@code nobody (schedule primary)}. */
    public String describe() {
        if (slackUserGroupId != null) {
            return target;
        }
        return (name != null ? name : person != null ? person : "nobody") + " (" + target + ")";
    }
}
