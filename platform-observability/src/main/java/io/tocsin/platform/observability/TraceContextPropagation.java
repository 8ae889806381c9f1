package io.tocsin.platform.observability;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Carries the current trace (and MDC) into Spring's auto-configured task executor: the Spring Modulith outbox
 * listeners run {@code @Async} after commit, and without this the event they send to Kafka would start a new
 * trace instead of continuing the one of the message or request that caused it. Spring Boot applies a
 * {@link TaskDecorator} bean to the executors it configures. Services with an outbox {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
public class TraceContextPropagation {

    @Bean
    TaskDecorator contextPropagatingTaskDecorator() {
        return new ContextPropagatingTaskDecorator();
    }
}
