package io.tocsin.platform.kafka;

import io.tocsin.contracts.messages.MessageTypes;
import io.tocsin.contracts.messages.TocsinMessage;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's attributes travel as
 * {@code ce_*} record headers and the record value is the JSON message itself
 * (cloudevents/spec, kafka-protocol-binding.md, section 3.2).
 *
 * <p>Header values are UTF-8 bytes, so every client (and Spring's header mappers) reads them as-is.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION_1_0 = "1.0";

    private CloudEventHeaders() {
    }

    /**
     * The headers for one message.
     *
     * @param source the producing service as a URI reference, e.g. {@code /tocsin/alert-ingest}
     * @return header name → UTF-8 bytes, in a stable order
     */
    public static Map<String, byte[]> of(TocsinMessage message, String source) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(ID, utf8(message.eventId().toString()));
        headers.put(TYPE, utf8(MessageTypes.of(message)));
        headers.put(SOURCE, utf8(source));
        headers.put(SPEC_VERSION, utf8(SPEC_VERSION_1_0));
        headers.put(TIME, utf8(DateTimeFormatter.ISO_INSTANT.format(message.occurredAt())));
        headers.put(CONTENT_TYPE, utf8("application/json"));
        return headers;
    }

    /** Adds the headers for {@code message} to a Kafka record's headers. */
    public static void addTo(Headers headers, TocsinMessage message, String source) {
        of(message, source).forEach(headers::add);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
