package io.tocsin.remediation.execution;

import io.tocsin.common.jdbc.ProcessedMessages;
import io.tocsin.common.json.MessageCodec;
import io.tocsin.common.messages.IncidentCommand;
import io.tocsin.common.messages.IncidentEvent;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumers (group {@code remediation-worker}, DLQ): {@code planRemediation} ← {@code incidents.events.v1}
 * (firing {@code AlertAttached}, which accompanies every {@code IncidentOpened}, plans matching runbooks)
 * and {@code decideRemediation} ← {@code incidents.commands.v1} (approve / reject). Each records the
 * message id with its effect in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class RemediationConsumers {

    private final MessageCodec codec = new MessageCodec();
    private final Remediations remediations;
    private final ProcessedMessages processed;

    RemediationConsumers(Remediations remediations, TransactionTemplate tx, JdbcClient jdbc) {
        this.remediations = remediations;
        this.processed = new ProcessedMessages(jdbc, tx);
    }

    @Bean
    Consumer<Message<byte[]>> planRemediation() {
        return message -> {
            IncidentEvent event = codec.read(message.getPayload(), IncidentEvent.class);
            if (event instanceof IncidentEvent.AlertAttached attached) {
                processed.once("planRemediation", event, () -> remediations.plan(attached));
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> decideRemediation() {
        return message -> {
            IncidentCommand command = codec.read(message.getPayload(), IncidentCommand.class);
            switch (command) {
                case IncidentCommand.ApproveRemediation a -> processed.once("decideRemediation", a, () -> remediations.approve(a));
                case IncidentCommand.RejectRemediation r -> processed.once("decideRemediation", r, () -> remediations.reject(r));
                default -> { } // incident commands are incident-service's
            }
        };
    }
}
