package io.tocsin.notify.slack;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Slack configuration, {@code tocsin.slack.*}.
 *
 * @param botToken          bot token {@code xoxb-…} ({@code TOCSIN_SLACK_BOT_TOKEN}); none → Slack is off
 * @param signingSecret     app signing secret ({@code TOCSIN_SLACK_SIGNING_SECRET}); none → inbound requests get 401
 * @param apiUrl            Web API base ({@code TOCSIN_SLACK_API_URL}), default {@code https://slack.com/api/}
 * @param defaultChannel    channel when no route matches ({@code TOCSIN_SLACK_DEFAULT_CHANNEL}), default {@code #sre-oncall}
 * @param routes            first match wins: severities (empty = any) and label equalities → channel; default
 *                          (seed runbook) {@code service=backup → #infrastructure}, everything else the default channel
 * @param escalationMention mention added to escalation replies, e.g. {@code <!subteam^S0123>}; optional
 * @param channelInterval   minimum time between two sends to one channel (Slack: about 1 message/s/channel)
 * @param maxAttempts       attempts for a retryable failure (5xx, timeout) before the message is given up
 * @param signatureTolerance how far a request's timestamp may be from now (Slack: 5 minutes)
 * @param timeout           HTTP call timeout towards Slack
 * @param inDoubtWait       how long after a post that failed in a way that leaves Slack's side unknown (a timeout, a
 *                          broken connection, HTTP 5xx) it is looked for in the channel, before it is sent again:
 *                          long enough for a request Slack received to have landed ({@code TOCSIN_SLACK_IN_DOUBT_WAIT},
 *                          default 30 s, the channel lease after which a crashed sender's post is looked for)
 */
@Validated
@ConfigurationProperties("tocsin.slack")
public record SlackSettings(
        String botToken,
        String signingSecret,
        @NotNull @DefaultValue("https://slack.com/api/") String apiUrl,
        @NotNull @DefaultValue("#sre-oncall") String defaultChannel,
        List<Route> routes,
        String escalationMention,
        @NotNull @DefaultValue("1s") Duration channelInterval,
        @DefaultValue("6") int maxAttempts,
        @NotNull @DefaultValue("300s") Duration signatureTolerance,
        @NotNull @DefaultValue("10s") Duration timeout,
        @NotNull @DefaultValue("30s") Duration inDoubtWait) {

    /** Applies the seed runbook's default routing when none is configured. */
    public SlackSettings {
        routes = routes == null || routes.isEmpty()
                ? List.of(new Route(List.of(), Map.of("service", "backup"), "#infrastructure"))
                : List.copyOf(routes);
        if (!apiUrl.endsWith("/")) {
            apiUrl = apiUrl + "/";
        }
    }

    /** Whether a bot token is configured. */
    public boolean enabled() {
        return botToken != null && !botToken.isBlank();
    }

    /**
     * One routing rule.
     *
     * @param severities incident severities it applies to ({@code SEV1}…); empty = any
     * @param labels     labels of the incident's first alert that must be equal; empty = any
     * @param channel    where the incident's message goes
     */
    public record Route(List<String> severities, Map<String, String> labels, String channel) {
        public Route {
            severities = severities == null ? List.of() : List.copyOf(severities);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        boolean matches(String severity, Map<String, String> incidentLabels) {
            return (severities.isEmpty() || severities.contains(severity))
                    && labels.entrySet().stream().allMatch(e -> e.getValue().equals(incidentLabels.get(e.getKey())));
        }
    }

    /** The channel for an incident: the first matching route, else the default channel. */
    public String channelFor(String severity, Map<String, String> labels) {
        return routes.stream().filter(r -> r.matches(severity, labels)).map(Route::channel).findFirst()
                .orElse(defaultChannel);
    }
}
