package io.tocsin.incident.oncall;

import io.tocsin.oncall.OnCallConfig;
import io.tocsin.oncall.OnCallConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The on-call configuration, read once at start-up from {@code tocsin.oncall.config} ({@code TOCSIN_ONCALL_CONFIG}: a
 * YAML file's path, or {@code classpath:…}; format in {@link OnCallConfig}). Not set: no schedules. Invalid or missing:
 * start-up fails with every problem named ({@link OnCallConfigException}), as with the runbook catalogue.
 */
@Configuration
class OnCallConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OnCallConfiguration.class);

    @Bean
    OnCallConfig onCallConfig(@Value("${tocsin.oncall.config:}") String path) {
        if (path.isBlank()) {
            log.info("oncall.not_configured: set TOCSIN_ONCALL_CONFIG to a schedules file to page people");
            return OnCallConfig.empty();
        }
        String location = path.strip();
        try (InputStream in = open(location)) {
            OnCallConfig config = OnCallConfig.load(in, location);
            log.info("oncall.loaded file={} people={} schedules={} escalationPolicies={}", location, config.people().size(),
                    config.schedules().size(), config.escalationPolicies().size());
            return config;
        } catch (IOException e) {
            throw new OnCallConfigException(location, List.of("cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            return new ClassPathResource(location.substring("classpath:".length())).getInputStream();
        }
        return Files.newInputStream(Path.of(location));
    }
}
