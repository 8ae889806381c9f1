package io.tocsin.platform.kafka;

import io.tocsin.contracts.json.MessageCodec;
import io.tocsin.contracts.messages.TocsinMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Builds the Spring {@link Message} for a wire message as every Tocsin producer sends it: JSON value,
 * Kafka key = {@link TocsinMessage#partitionKey()} (header {@code kafka_messageKey}), and the
 * CloudEvents binary-mode headers.
 */
public final class KafkaMessages {

    private static final MessageCodec CODEC = new MessageCodec();
    /** spring-kafka's {@code KafkaHeaders.KEY}, spelled out so common does not need spring-kafka. */
    private static final String KEY_HEADER = "kafka_messageKey";

    private KafkaMessages() {
    }

    /**
     * @param source the producing service, e.g. {@code /tocsin/notifier}
     */
    public static Message<byte[]> of(TocsinMessage message, String source) {
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(CODEC.write(message))
                .setHeader(KEY_HEADER, message.partitionKey().getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.of(message, source).forEach(builder::setHeader);
        return builder.build();
    }
}
