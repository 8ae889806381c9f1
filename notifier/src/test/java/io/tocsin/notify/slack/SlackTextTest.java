package io.tocsin.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text from alerts cannot ping or link in Slack; routing follows the seed runbook's defaults. */
class SlackTextTest {

    @Test
    void escapesMrkdwnControlCharacters() {
        assertThat(SlackText.escape("<!channel> & <@U1> <http://evil|x>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://evil|x&gt;");
        assertThat(SlackText.escape(null)).isEmpty();
    }

    @Test
    void linksOnlyHttpUrlsAndEscapesTheLabel() {
        assertThat(SlackText.link("https://grafana/d?a=1|2", "<b>")).isEqualTo("<https://grafana/d?a=1%7C2|&lt;b&gt;>");
        assertThat(SlackText.link("javascript:alert(1)", "x")).isEqualTo("x");
    }

    @Test
    void slackActorsBecomeMentions() {
        assertThat(SlackText.actor("slack:U123ABC")).isEqualTo("<@U123ABC>");
        assertThat(SlackText.actor("api:alice")).isEqualTo("api:alice");
        assertThat(SlackText.actor("slack:<!here>")).isEqualTo("slack:&lt;!here&gt;");
    }

    @Test
    void routesBackupToInfrastructureAndTheRestToTheDefaultChannel() {
        SlackSettings settings = new SlackSettings("xoxb", "s", "http://slack/api", "#sre-oncall", null, null,
                java.time.Duration.ofSeconds(1), 6, java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(30));
        assertThat(settings.channelFor("SEV3", Map.of("service", "backup"))).isEqualTo("#infrastructure");
        assertThat(settings.channelFor("SEV2", Map.of("service", "payments"))).isEqualTo("#sre-oncall");
        assertThat(settings.apiUrl()).isEqualTo("http://slack/api/");

        SlackSettings custom = new SlackSettings("xoxb", "s", "http://slack/api/", "#alerts",
                List.of(new SlackSettings.Route(List.of("SEV1"), Map.of(), "#war-room")), null,
                java.time.Duration.ofSeconds(1), 6, java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(30));
        assertThat(custom.channelFor("SEV1", Map.of())).isEqualTo("#war-room");
        assertThat(custom.channelFor("SEV2", Map.of())).isEqualTo("#alerts");
    }
}
