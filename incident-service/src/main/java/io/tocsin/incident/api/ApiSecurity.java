package io.tocsin.incident.api;

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
 * incident-service's rules on the shared bearer-token security ({@link io.tocsin.platform.security.ApiSecurity}): GET
 * needs AUDITOR, POST needs RESPONDER, maintenance windows and adding or cancelling on-call overrides need ADMIN (DELETE
 * is ADMIN's everywhere).
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiSecurityConfiguration.class)
class ApiSecurity {

    @Bean
    SecurityFilterChain apiSecurityChain(HttpSecurity http, ApiSettings settings) throws Exception {
        return io.tocsin.platform.security.ApiSecurity.chain(http, settings.apiTokens(), List.of(), a -> a
                .requestMatchers("/api/v1/maintenance-windows", "/api/v1/maintenance-windows/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/v1/oncall/*/overrides").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole("AUDITOR")
                .requestMatchers(HttpMethod.POST, "/api/**").hasRole("RESPONDER"));
    }
}
