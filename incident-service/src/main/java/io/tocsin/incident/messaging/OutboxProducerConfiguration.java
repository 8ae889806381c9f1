package io.tocsin.incident.messaging;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.tocsin.platform.kafka.OutboxSender;
import io.tocsin.contracts.messages.Topics;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The sender the outbox ({@link IncidentEventPublisher}) sends {@code incidents.events.v1} with: an
 * {@link OutboxSender} on an idempotent {@code acks=all} producer whose delivery is bounded by
 * {@code tocsin.incident.outbox-send-timeout} (15 s). A plain {@link KafkaTemplate} rather than the binder's
 * {@code StreamBridge}: in a profile of the triage benchmark, StreamBridge's Spring Integration channel and function
 * observation took about 40 % of the outbox threads' time around a send that itself took 15 % (the reasoning of
 * ADR 0002 for ingest).
 */
@Configuration(proxyBeanMethods = false)
class OutboxProducerConfiguration {

    @Bean
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafka, OutboxSettings settings) {
        return OutboxSender.template(kafka.buildProducerProperties(), "incident-service-outbox", settings.outboxSendTimeout());
    }

    @Bean
    OutboxSender incidentEventSender(KafkaTemplate<String, byte[]> outboxKafkaTemplate,
                                     @Qualifier("applicationTaskExecutor") Executor completions,
                                     ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxSender(outboxKafkaTemplate, Topics.INCIDENT_EVENTS, "/tocsin/incident-service", completions,
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /** {@code oncall.events.v1}: overrides added through the API, for the notifier's "who is on call". */
    @Bean
    OutboxSender oncallEventSender(KafkaTemplate<String, byte[]> outboxKafkaTemplate,
                                   @Qualifier("applicationTaskExecutor") Executor completions,
                                   ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxSender(outboxKafkaTemplate, Topics.ONCALL_EVENTS, "/tocsin/incident-service", completions,
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    /** {@code maintenance.events.v1}: maintenance windows announced to customers, for the notifier's status page. */
    @Bean
    OutboxSender maintenanceEventSender(KafkaTemplate<String, byte[]> outboxKafkaTemplate,
                                        @Qualifier("applicationTaskExecutor") Executor completions,
                                        ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxSender(outboxKafkaTemplate, Topics.MAINTENANCE_EVENTS, "/tocsin/incident-service", completions,
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    NewTopic maintenanceEventsTopic(@Value("${spring.cloud.stream.kafka.binder.replication-factor:1}") short replicas) {
        return TopicBuilder.name(Topics.MAINTENANCE_EVENTS).partitions(1).replicas(replicas).compact().build();
    }

    @Bean
    NewTopic oncallEventsTopic(@Value("${spring.cloud.stream.kafka.binder.replication-factor:1}") short replicas) {
        return TopicBuilder.name(Topics.ONCALL_EVENTS).partitions(1).replicas(replicas).compact().build();
    }

    /** {@code incidents.events.v1}, created with the binder's partition count (the binder no longer produces to it). */
    @Bean
    NewTopic incidentEventsTopic(@Value("${spring.cloud.stream.kafka.binder.min-partition-count:12}") int partitions,
                                 @Value("${spring.cloud.stream.kafka.binder.replication-factor:1}") short replicas) {
        return TopicBuilder.name(Topics.INCIDENT_EVENTS).partitions(partitions).replicas(replicas).build();
    }
}
