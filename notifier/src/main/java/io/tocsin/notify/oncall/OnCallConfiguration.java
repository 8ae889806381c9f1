package io.tocsin.notify.oncall;

import io.tocsin.oncall.OnCallConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The on-call configuration incident-service pages by, read at start-up from the same {@code TOCSIN_ONCALL_CONFIG}
 * ({@link OnCallConfig#fromLocation}), so that Slack can answer who is on call. Invalid: start-up fails naming every
 * problem.
 */
@Configuration
class OnCallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OnCallConfiguration.class);

    @Bean
    OnCallConfig onCallConfig(@Value("${tocsin.oncall.config:}") String location) {
        OnCallConfig config = OnCallConfig.fromLocation(location);
        log.info("oncall.loaded file={} schedules={} escalationPolicies={}", location.isBlank() ? "-" : location.strip(),
                config.schedules().size(), config.escalationPolicies().size());
        return config;
    }
}
