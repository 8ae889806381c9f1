package io.tocsin.ingest.alertmanager;

import io.tocsin.contracts.alerts.Fingerprints;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.ingest.web.InvalidPayloadException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an Alertmanager webhook body, payload version 4 (prometheus/alertmanager
 * {@code notify/webhook/webhook.go}, {@code Message}; alert fields from {@code template.Alert}),
 * into one {@link AlertReceived} per alert.
 *
 * <p>Required: {@code groupKey} (string) and {@code alerts} (array); per alert {@code status}
 * ({@code firing}|{@code resolved}), {@code labels} (object of strings) and {@code startsAt}
 * (RFC 3339, nanoseconds and offsets allowed). {@code endsAt} of Go's zero time
 * ({@code 0001-01-01T00:00:00Z}) means "still firing" and becomes {@code null}. A missing
 * {@code fingerprint} is computed with {@link Fingerprints}. Unknown fields are ignored.
 */
public final class AlertmanagerPayloads {

    /** The only payload version Alertmanager has sent since 0.7. */
    public static final String SUPPORTED_VERSION = "4";

    private final JsonMapper mapper;

    /** @param mapper the JSON mapper used to read bodies */
    public AlertmanagerPayloads(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses and validates a body.
     *
     * @param body       the raw request body
     * @param receivedAt when the request arrived
     * @return one message per alert, in the payload's order
     * @throws InvalidPayloadException naming the first field that is missing or malformed
     */
    public List<AlertReceived> parse(byte[] body, Instant receivedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidPayloadException("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException("body", "must be a JSON object");
        }
        JsonNode version = root.get("version");
        if (version != null && !version.isNull() && !SUPPORTED_VERSION.equals(version.asString())) {
            throw new InvalidPayloadException("version", "must be \"4\", was " + version);
        }
        String groupKey = requiredString(root, "groupKey", "groupKey");
        String receiver = optionalString(root, "receiver", "receiver");
        String externalUrl = optionalString(root, "externalURL", "externalURL");
        JsonNode alerts = root.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw new InvalidPayloadException("alerts", "is required");
        }
        if (!alerts.isArray()) {
            throw new InvalidPayloadException("alerts", "must be an array");
        }
        List<AlertReceived> result = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            result.add(alert(alerts.get(i), "alerts[" + i + "]", groupKey, receiver, externalUrl, receivedAt));
        }
        return result;
    }

    private AlertReceived alert(JsonNode node, String path, String groupKey, String receiver, String externalUrl,
                                Instant receivedAt) {
        if (!node.isObject()) {
            throw new InvalidPayloadException(path, "must be an object");
        }
        String statusText = requiredString(node, "status", path + ".status");
        AlertStatus status;
        try {
            status = AlertStatus.fromWire(statusText);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(path + ".status", "must be \"firing\" or \"resolved\", was \"" + statusText + "\"");
        }
        Map<String, String> labels = stringMap(node, "labels", path + ".labels", true);
        if (labels.isEmpty()) {
            throw new InvalidPayloadException(path + ".labels", "must have at least one label");
        }
        Map<String, String> annotations = stringMap(node, "annotations", path + ".annotations", false);
        Instant startsAt = timestamp(node, "startsAt", path + ".startsAt", true);
        Instant endsAt = timestamp(node, "endsAt", path + ".endsAt", false);
        String fingerprint = optionalString(node, "fingerprint", path + ".fingerprint");
        if (fingerprint.isEmpty()) {
            fingerprint = Fingerprints.of(labels);
        }
        return new AlertReceived(UUID.randomUUID(), receivedAt, fingerprint, status, labels, annotations,
                startsAt, endsAt, optionalString(node, "generatorURL", path + ".generatorURL"), groupKey, receiver,
                externalUrl, "alertmanager", receivedAt);
    }

    private static String requiredString(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidPayloadException(path, "is required");
        }
        if (!value.isString()) {
            throw new InvalidPayloadException(path, "must be a string");
        }
        return value.asString();
    }

    private static String optionalString(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw new InvalidPayloadException(path, "must be a string");
        }
        return value.asString();
    }

    private static Map<String, String> stringMap(JsonNode node, String name, String path, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidPayloadException(path, "is required");
            }
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidPayloadException(path, "must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw new InvalidPayloadException(path + "." + entry.getKey(), "must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asString());
        }
        return map;
    }

    private static Instant timestamp(JsonNode node, String name, String path, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || (value.isString() && value.asString().isEmpty())) {
            if (required) {
                throw new InvalidPayloadException(path, "is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw new InvalidPayloadException(path, "must be an RFC 3339 timestamp string");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPayloadException(path, "not an RFC 3339 timestamp: \"" + value.asString() + "\"");
        }
        if (instant.isBefore(GO_ZERO_TIME_END)) {
            if (required) {
                throw new InvalidPayloadException(path, "must not be Go's zero time");
            }
            return null;
        }
        return instant;
    }

    /** Anything in year 1 is Go's {@code time.Time{}}: Alertmanager's "not set". */
    private static final Instant GO_ZERO_TIME_END = Instant.parse("0002-01-01T00:00:00Z");
}
