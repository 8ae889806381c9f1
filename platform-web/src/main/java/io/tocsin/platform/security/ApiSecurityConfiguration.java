package io.tocsin.platform.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;

/**
 * What every service with a token-protected API imports beside its own filter chain ({@link ApiSecurity#chain}):
 * {@link ApiSettings} bound from {@code tocsin.api.*} and the role hierarchy {@code ADMIN > RESPONDER > AUDITOR}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSettings.class)
public class ApiSecurityConfiguration {

    /** {@code ADMIN > RESPONDER > AUDITOR}, which {@code hasRole} checks use. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return ApiSecurity.roleHierarchy();
    }
}
