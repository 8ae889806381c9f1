package io.tocsin.notify.slack.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.notify.slack.SlackSettings;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * What Slack sends Tocsin: the verification filter on {@code /slack/*}, and the clean-up of the signatures it
 * remembers. Owner of the clean-up: any instance; deleting what is older than twice the tolerance is the same on all.
 */
@Configuration(proxyBeanMethods = false)
class SlackInbound {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SlackSettings settings;

    SlackInbound(JdbcClient jdbc, Clock clock, SlackSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    @Bean
    FilterRegistrationBean<SlackVerificationFilter> slackVerificationFilter(MeterRegistry meters) {
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(settings.signingSecret(), settings.signatureTolerance(), clock);
        FilterRegistrationBean<SlackVerificationFilter> registration =
                new FilterRegistrationBean<>(new SlackVerificationFilter(verifier, jdbc, clock, meters));
        registration.addUrlPatterns("/slack/*");
        return registration;
    }

    /** Old signatures cannot be replayed anyway (timestamp window); forget them. */
    @Scheduled(fixedDelay = 60_000)
    void forgetOldSignatures() {
        jdbc.sql("DELETE FROM slack_request WHERE seen_at < ?")
                .param(Timestamp.from(clock.instant().minus(settings.signatureTolerance().multipliedBy(2)))).update();
    }
}
