package io.tocsin.remediation.catalogue;

import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.actions.RemediationAction;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/** Loads the catalogue at start-up from {@code tocsin.remediation.catalogue}; an invalid one stops the service. */
@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogueConfiguration.class);

    @Bean
    Map<String, RemediationAction> actionsByType(List<RemediationAction> actions) {
        return actions.stream().collect(Collectors.toMap(RemediationAction::type, Function.identity()));
    }

    @Bean
    Catalogue catalogue(RemediationSettings settings, Map<String, RemediationAction> actionsByType) throws IOException {
        String location = settings.catalogue().startsWith("classpath:") || settings.catalogue().startsWith("file:")
                ? settings.catalogue() : "file:" + settings.catalogue();
        Resource resource = new DefaultResourceLoader().getResource(location);
        if (!resource.exists()) {
            throw new CatalogueException(location, List.of("file not found (tocsin.remediation.catalogue)"));
        }
        try (InputStream in = resource.getInputStream()) {
            Catalogue catalogue = Catalogue.load(in, location, actionsByType);
            log.info("remediation.catalogue source={} runbooks={} dryRun={}", location, catalogue.runbooks().size(),
                    settings.dryRun());
            return catalogue;
        }
    }
}
