package io.tocsin.remediation.execution;

import io.tocsin.common.kafka.KafkaMessages;
import io.tocsin.common.messages.RemediationResult;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox's sending side: results recorded in committed transactions go to
 * {@code remediation.results.v1} (key incident id) with a synchronous producer; failed sends stay
 * incomplete and are resubmitted with the same {@code eventId}.
 */
@Component
class ResultPublisher {

    static final String BINDING = "remediationResults-out-0";

    private final StreamBridge bridge;
    private final IncompleteEventPublications incomplete;
    private final Duration retryAfter;

    ResultPublisher(StreamBridge bridge, IncompleteEventPublications incomplete,
                    @Value("${tocsin.remediation.outbox-retry-interval:30s}") Duration retryAfter) {
        this.bridge = bridge;
        this.incomplete = incomplete;
        this.retryAfter = retryAfter;
    }

    @ApplicationModuleListener
    void publish(RemediationResult result) {
        if (!bridge.send(BINDING, KafkaMessages.of(result, "/tocsin/remediation-worker"))) {
            throw new IllegalStateException("broker did not take " + result.getClass().getSimpleName() + " " + result.eventId());
        }
    }

    @Scheduled(initialDelayString = "${tocsin.remediation.outbox-retry-interval:30s}",
            fixedDelayString = "${tocsin.remediation.outbox-retry-interval:30s}")
    void resubmitIncomplete() {
        incomplete.resubmitIncompletePublicationsOlderThan(retryAfter);
    }
}
