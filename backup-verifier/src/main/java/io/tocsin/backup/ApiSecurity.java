package io.tocsin.backup;

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
 * backup-verifier's rules on the shared bearer-token security ({@link io.tocsin.platform.security.ApiSecurity}):
 * reading verifications needs AUDITOR, starting one ({@code POST /api/v1/verifications}) RESPONDER.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiSecurityConfiguration.class)
class ApiSecurity {

    @Bean
    SecurityFilterChain apiSecurityChain(HttpSecurity http, ApiSettings settings) throws Exception {
        return io.tocsin.platform.security.ApiSecurity.chain(http, settings.apiTokens(), List.of(), a -> a
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole("AUDITOR")
                .requestMatchers(HttpMethod.POST, "/api/v1/verifications").hasRole("RESPONDER"));
    }
}
