package io.tocsin.remediation.execution;

import io.tocsin.platform.kafka.OutboxSender;
import io.tocsin.contracts.messages.RemediationResult;
import io.tocsin.contracts.messages.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import io.tocsin.platform.kafka.OutboxOwnership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox's sending side: results recorded in committed transactions go to {@code remediation.results.v1} (key
 * incident id) through an {@link OutboxSender}, queued after commit in recorded order, so that an execution's
 * {@code RemediationStarted} reaches the topic (and the incident's Slack thread) before its
 * {@code RemediationSucceeded}, and a failed step before the steps it cancelled. Spring Modulith marks a publication
 * complete when the broker acknowledged it; a failed send (broker gone, not acknowledged within
 * {@code tocsin.remediation.outbox-send-timeout}, 15 s) stays incomplete and is resubmitted every
 * {@code tocsin.remediation.outbox-retry-interval} with the same {@code eventId}, by the instance that recorded it or,
 * when that one died, by one instance that adopts it ({@link OutboxOwnership}).
 */
@Component
class ResultPublisher {

    /** How long this instance counts as alive for the outbox after its last heartbeat (every 10 s). */
    static final Duration OUTBOX_LEASE = Duration.ofSeconds(30);

    private final OutboxSender outbox;
    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;
    private final OutboxOwnership ownership;

    ResultPublisher(OutboxSender remediationResultSender, IncompleteEventPublications incomplete, JdbcClient jdbc,
                    @Value("${tocsin.remediation.outbox-retry-interval:30s}") Duration retryAfter) {
        this.outbox = remediationResultSender;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
        this.ownership = new OutboxOwnership(jdbc, OUTBOX_LEASE);
        ownership.heartbeat();
    }

    /**
     * @return completes when the broker acknowledged the result; fails with an {@link IllegalStateException} naming
     *         the result when it did not ({@link OutboxSender#send})
     */
    @TransactionalEventListener
    CompletableFuture<Void> publish(RemediationResult result) {
        return outbox.send(result);
    }

    @Scheduled(initialDelayString = "${tocsin.remediation.outbox-retry-interval:30s}",
            fixedDelayString = "${tocsin.remediation.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        ownership.resubmit(incomplete, outbox, event -> ((RemediationResult) event).eventId(), retryAfter);
    }

    /** Keeps this instance's outbox lease ({@link #OUTBOX_LEASE}) alive. */
    @Scheduled(fixedDelay = 10_000)
    void heartbeat() {
        ownership.heartbeat();
    }

    /** The producer and topic of the outbox. */
    @Configuration(proxyBeanMethods = false)
    static class Producer {

        /** A bean, so that the context sets up its observation and closes its producer. */
        @Bean
        KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafka,
                @Value("${tocsin.remediation.outbox-send-timeout:15s}") Duration sendTimeout) {
            return OutboxSender.template(kafka.buildProducerProperties(), "remediation-worker-outbox", sendTimeout);
        }

        @Bean
        OutboxSender remediationResultSender(KafkaTemplate<String, byte[]> outboxKafkaTemplate,
                                             @Qualifier("applicationTaskExecutor") Executor completions) {
            return new OutboxSender(outboxKafkaTemplate, Topics.REMEDIATION_RESULTS, "/tocsin/remediation-worker",
                    completions, null, null);
        }

        /** {@code remediation.results.v1}, created with the binder's partition count (the binder does not produce to it). */
        @Bean
        NewTopic remediationResultsTopic(
                @Value("${spring.cloud.stream.kafka.binder.min-partition-count:6}") int partitions) {
            return TopicBuilder.name(Topics.REMEDIATION_RESULTS).partitions(partitions).build();
        }
    }
}
