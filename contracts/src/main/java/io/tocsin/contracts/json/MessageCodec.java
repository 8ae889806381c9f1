package io.tocsin.contracts.json;

import io.tocsin.contracts.messages.TocsinMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes wire messages as UTF-8 JSON with {@link TocsinJson}'s settings. The message's
 * {@code type} field selects the record within a family ({@code AlertMessage},
 * {@code IncidentEvent}, …).
 */
public final class MessageCodec {

    private final JsonMapper mapper;

    /** A codec on the shared {@link TocsinJson#mapper()}. */
    public MessageCodec() {
        this(TocsinJson.mapper());
    }

    /** A codec on the given mapper. */
    public MessageCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Serialises a message, {@code type} field included. */
    public byte[] write(TocsinMessage message) {
        return mapper.writeValueAsBytes(message);
    }

    /**
     * Deserialises a message of the given family or record type.
     *
     * @throws MalformedMessageException when the bytes are not a valid message of that type
     */
    public <T extends TocsinMessage> T read(byte[] json, Class<T> type) {
        try {
            T message = mapper.readValue(json, type);
            if (message == null) {
                throw new MalformedMessageException("message body is empty or null", null);
            }
            if (message.eventId() == null) {
                throw new MalformedMessageException("message has no eventId", null);
            }
            return message;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
