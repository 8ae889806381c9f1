package io.tocsin.incident.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * The console's sessions live in PostgreSQL ({@code incident.spring_session}, {@code spring_session_attributes}, V20)
 * through Spring Session JDBC, which Spring Boot configures from {@code server.servlet.session.*} (cookie
 * {@code TOCSIN_SESSION}, {@code HttpOnly}, {@code Secure}, {@code SameSite=Lax}, 8 h): any instance of
 * incident-service serves a signed-in person, and an OpenID Connect sign-in started on one instance completes on
 * another, so a load balancer needs no sticky sessions (ADR 0018). Attributes are Spring Security's own (security
 * context, CSRF token, saved request, OAuth2 authorization request), Java-serialised by Spring Session. The REST API
 * is stateless and creates no session.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSessions {

    /**
     * Writes a session's attributes with PostgreSQL's {@code INSERT … ON CONFLICT DO UPDATE}: two requests of one person
     * at once (a form post while the list refreshes) must not fail on the attribute's primary key.
     */
    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer consoleSessionUpserts() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
