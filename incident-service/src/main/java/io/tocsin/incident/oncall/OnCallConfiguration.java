package io.tocsin.incident.oncall;

import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.OnCallConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The on-call configuration, read once at start-up from {@code tocsin.oncall.config} ({@code TOCSIN_ONCALL_CONFIG}: a
 * YAML file's path, or {@code classpath:…}; format in {@link OnCallConfig}). Not set: no schedules. Invalid or missing:
 * start-up fails with every problem named ({@link OnCallConfigException}), as with the runbook catalogue.
 */
@Configuration
class OnCallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OnCallConfiguration.class);

    @Bean
    OnCallConfig onCallConfig(@Value("${tocsin.oncall.config:}") String location) {
        if (location.isBlank()) {
            log.info("oncall.not_configured: set TOCSIN_ONCALL_CONFIG to a schedules file to page people");
            return OnCallConfig.empty();
        }
        OnCallConfig config = OnCallConfig.fromLocation(location);
        log.info("oncall.loaded file={} people={} schedules={} escalationPolicies={}", location.strip(),
                config.people().size(), config.schedules().size(), config.escalationPolicies().size());
        return config;
    }
}
