package io.tocsin.remediation;

import io.tocsin.platform.security.ApiSecurityConfiguration;
import io.tocsin.platform.security.ApiSettings;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * remediation-worker's rules on the shared bearer-token security ({@link io.tocsin.platform.security.ApiSecurity}):
 * reading executions needs AUDITOR.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiSecurityConfiguration.class)
public class ApiSecurity {

    @Bean
    SecurityFilterChain apiSecurityChain(HttpSecurity http, ApiSettings settings) throws Exception {
        return io.tocsin.platform.security.ApiSecurity.chain(http, settings.apiTokens(), List.of(), a -> a
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole("AUDITOR"));
    }
}
