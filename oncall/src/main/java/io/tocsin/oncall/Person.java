package io.tocsin.oncall;

/**
 * Someone who can be on call.
 *
 * @param id          the configuration's name for them, e.g. {@code alice}; unique
 * @param name        display name, e.g. {@code Alice Example}
 * @param slackUserId Slack member id ({@code U…}), for a direct message and a real mention ({@code <@U…>})
 * @param email       optional, for outgoing bridges and calendars; {@code null} when not given
 * @param phone       optional, E.164 (e.g. {@code +4915112345678}), for outgoing bridges; {@code null} when not given
 */
public record Person(String id, String name, String slackUserId, String email, String phone) {
}
