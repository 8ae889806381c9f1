package io.tocsin.ingest.pagerduty;

import io.tocsin.contracts.alerts.Fingerprints;
import io.tocsin.contracts.messages.AlertAcknowledged;
import io.tocsin.contracts.messages.AlertMessage;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.ChangeReceived;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads PagerDuty Events API v2 bodies (PD-CEF, developer.pagerduty.com "Send an Alert Event" and "Send a Change
 * Event") into Tocsin's messages, collecting every error as PagerDuty lists them.
 *
 * <p>An alert event names its alert by {@code dedup_key} alone (PagerDuty's deduplication), so every message of one
 * key carries the same identity: fingerprint = FNV-1a over {@code {dedup_key, service}} ({@link Fingerprints}), group
 * key {@code pagerduty:<service>:<dedup_key>}, labels {@code service} (from the routing key) and {@code dedup_key}.
 * <ul>
 *   <li>{@code trigger} → {@link AlertReceived} firing, {@code startsAt} = the receipt ({@code payload.timestamp}, the
 *   sender's clock, is kept as annotation {@code timestamp});
 *   labels also {@code alertname} ({@code payload.class}, else {@code PagerDutyEvent}), {@code severity}
 *   ({@code critical|error|warning|info}), {@code source}, and {@code component}, {@code group}, {@code class} when set,
 *   {@code incident_severity} when {@code custom_details.incident_severity} is {@code SEV1}…{@code SEV4}; annotations
 *   {@code summary} (cut at 1024 characters, as PagerDuty does), {@code custom_details}, {@code links}, {@code images}
 *   (JSON), {@code client}; generatorURL = {@code client_url}. A trigger without {@code dedup_key} gets a new one, which
 *   the answer returns.</li>
 *   <li>{@code acknowledge} → {@link AlertAcknowledged}, actor {@code pagerduty:<client>} (the tool that acknowledged),
 *   else {@code pagerduty:<service>}. Its {@code payload} is ignored, as PagerDuty ignores it (clients send
 *   placeholders).</li>
 *   <li>{@code resolve} → {@link AlertReceived} resolved, {@code startsAt} and {@code endsAt} = the receipt: every
 *   firing episode of the key ends.</li>
 * </ul>
 */
public final class PagerDutyEvents {

    /** PagerDuty's limit on {@code payload.summary}. */
    public static final int MAX_SUMMARY = 1024;
    /** PagerDuty's limit on {@code dedup_key}. */
    public static final int MAX_DEDUP_KEY = 255;
    /** {@code payload.severity} values, as PagerDuty defines them. */
    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVS = Set.of("SEV1", "SEV2", "SEV3", "SEV4");
    /** ISO 8601 with or without a colon in the offset ({@code +0000}, as PagerDuty's own examples write it). */
    private static final DateTimeFormatter ISO_8601 = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .appendPattern("[XXXXX][XXXX][X]").toFormatter(Locale.ROOT);

    /** An alert event read: the message to publish and the {@code dedup_key} to answer with. */
    public record AlertEvent(AlertMessage message, String dedupKey, String action) {
    }

    private final JsonMapper mapper;
    private final PagerDutyIntegrations integrations;

    public PagerDutyEvents(JsonMapper mapper, PagerDutyIntegrations integrations) {
        this.mapper = mapper;
        this.integrations = integrations;
    }

    /**
     * Reads an alert event ({@code POST /v2/enqueue}).
     *
     * @throws InvalidEventException listing every field that is missing or malformed, or an unknown routing key
     */
    public AlertEvent alertEvent(byte[] body, Instant receivedAt) {
        Errors errors = new Errors();
        JsonNode root = root(body);
        String service = service(root, errors);
        String action = string(root, "event_action", errors, true);
        if (action != null && !ACTIONS.contains(action)) {
            errors.add("'event_action' must be one of trigger, acknowledge, resolve; was '" + action + "'");
        }
        String dedupKey = string(root, "dedup_key", errors, false);
        if (dedupKey != null && dedupKey.length() > MAX_DEDUP_KEY) {
            errors.add("'dedup_key' is longer than " + MAX_DEDUP_KEY + " characters");
        }
        if (dedupKey == null && action != null && !action.equals("trigger")) {
            errors.add("'dedup_key' is required for " + action + " events");
        }
        JsonNode payload = root.get("payload");
        boolean trigger = "trigger".equals(action);
        if (trigger && (payload == null || !payload.isObject())) {
            errors.add("'payload' must be an object with summary, source and severity");
        }
        // Only a trigger's payload means anything: PagerDuty ignores it on acknowledge and resolve, and clients fill it
        // with placeholders there (PagerDuty's Java client sends "BLANK").
        JsonNode p = trigger && payload != null && payload.isObject() ? payload : mapper.createObjectNode();
        String summary = string(p, "summary", errors, trigger, "payload.summary");
        String source = string(p, "source", errors, trigger, "payload.source");
        String severity = string(p, "severity", errors, trigger, "payload.severity");
        if (severity != null && !SEVERITIES.contains(severity)) {
            errors.add("'payload.severity' must be one of critical, error, warning, info; was '" + severity + "'");
        }
        Instant timestamp = timestamp(p, "timestamp", "payload.timestamp", errors);
        String component = string(p, "component", errors, false, "payload.component");
        String group = string(p, "group", errors, false, "payload.group");
        String eventClass = string(p, "class", errors, false, "payload.class");
        String client = string(root, "client", errors, false);
        String clientUrl = string(root, "client_url", errors, false);
        JsonNode links = list(root, "links", "href", errors);
        JsonNode images = list(root, "images", "src", errors);
        errors.throwIfAny();

        String key = dedupKey != null ? dedupKey : UUID.randomUUID().toString().replace("-", "");
        Map<String, String> identity = Map.of("dedup_key", key, "service", service);
        String fingerprint = Fingerprints.of(identity);
        String groupKey = "pagerduty:" + service + ":" + key;
        AlertMessage message = switch (action) {
            case "trigger" -> {
                Map<String, String> labels = new LinkedHashMap<>(identity);
                labels.put("alertname", eventClass != null && !eventClass.isBlank() ? eventClass : "PagerDutyEvent");
                labels.put("severity", severity);
                labels.put("source", source);
                putIfSet(labels, "component", component);
                putIfSet(labels, "group", group);
                putIfSet(labels, "class", eventClass);
                JsonNode details = p.get("custom_details");
                if (details != null && details.isObject() && details.path("incident_severity").isString()
                        && SEVS.contains(details.path("incident_severity").asString())) {
                    labels.put("incident_severity", details.path("incident_severity").asString());
                }
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary);
                if (details != null && !details.isNull()) {
                    annotations.put("custom_details", details.isString() ? details.asString() : mapper.writeValueAsString(details));
                }
                if (links != null) {
                    annotations.put("links", mapper.writeValueAsString(links));
                }
                if (images != null) {
                    annotations.put("images", mapper.writeValueAsString(images));
                }
                putIfSet(annotations, "client", client);
                if (timestamp != null) {
                    annotations.put("timestamp", timestamp.toString()); // the tool's clock: shown, never an identity
                }
                // startsAt is the receipt, not payload.timestamp: a sender's clock ahead of ours would leave the alert
                // starting after its own resolve (which ends episodes started by its receipt), firing for good.
                yield new AlertReceived(UUID.randomUUID(), receivedAt, fingerprint, AlertStatus.FIRING, labels, annotations,
                        receivedAt, null, clientUrl == null ? "" : clientUrl, groupKey, "pagerduty", "", "pagerduty",
                        receivedAt);
            }
            case "acknowledge" -> new AlertAcknowledged(UUID.randomUUID(), receivedAt, fingerprint, identity, groupKey,
                    "pagerduty", "pagerduty:" + (client != null && !client.isBlank() ? client : service), receivedAt);
            default -> new AlertReceived(UUID.randomUUID(), receivedAt, fingerprint, AlertStatus.RESOLVED, identity, Map.of(),
                    receivedAt, receivedAt, "", groupKey, "pagerduty", "", "pagerduty", receivedAt);
        };
        return new AlertEvent(message, key, action);
    }

    /**
     * Reads a change event ({@code POST /v2/change/enqueue}): {@code routing_key}, {@code payload.summary} (required),
     * {@code payload.source}, {@code payload.timestamp}, {@code payload.custom_details}, {@code links}.
     *
     * @throws InvalidEventException listing every field that is missing or malformed, or an unknown routing key
     */
    public ChangeReceived changeEvent(byte[] body, Instant receivedAt) {
        Errors errors = new Errors();
        JsonNode root = root(body);
        String service = service(root, errors);
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            errors.add("'payload' must be an object with a summary");
        }
        JsonNode p = payload != null && payload.isObject() ? payload : mapper.createObjectNode();
        String summary = string(p, "summary", errors, true, "payload.summary");
        String source = string(p, "source", errors, false, "payload.source");
        Instant timestamp = timestamp(p, "timestamp", "payload.timestamp", errors);
        JsonNode details = p.get("custom_details");
        if (details != null && !details.isNull() && !details.isObject()) {
            errors.add("'payload.custom_details' must be an object");
        }
        JsonNode links = list(root, "links", "href", errors);
        errors.throwIfAny();
        Map<String, Object> customDetails = details == null || details.isNull() ? Map.of()
                : mapper.convertValue(details, mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        List<ChangeReceived.Link> changeLinks = new ArrayList<>();
        if (links != null) {
            for (JsonNode link : links) {
                changeLinks.add(new ChangeReceived.Link(link.get("href").asString(),
                        link.path("text").isString() ? link.path("text").asString() : null));
            }
        }
        return new ChangeReceived(UUID.randomUUID(), receivedAt, service,
                summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary, source,
                timestamp != null ? timestamp : receivedAt, customDetails, changeLinks, receivedAt);
    }

    private JsonNode root(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidEventException(List.of("the body is not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(List.of("the body must be a JSON object"));
        }
        return root;
    }

    /** The service of the event's {@code routing_key}; errors for a missing, malformed or unknown key. */
    private String service(JsonNode root, Errors errors) {
        String key = string(root, "routing_key", errors, true);
        if (key == null) {
            return null;
        }
        if (key.length() != PagerDutyIntegrations.ROUTING_KEY_LENGTH) {
            errors.add("Length of 'routing_key' is incorrect (should be 32 characters)");
            return null;
        }
        String service = integrations.service(key).orElse(null);
        if (service == null) {
            errors.add("'routing_key' " + PagerDutyIntegrations.redacted(key) + " is not an integration key of this Tocsin "
                    + "(tocsin.ingest.pagerduty.integrations)");
        }
        return service;
    }

    private static String string(JsonNode node, String name, Errors errors, boolean required) {
        return string(node, name, errors, required, name);
    }

    private static String string(JsonNode node, String name, Errors errors, boolean required, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add("'" + path + "' is missing");
            }
            return null;
        }
        if (!value.isString()) {
            errors.add("'" + path + "' must be a string");
            return null;
        }
        if (required && value.asString().isBlank()) {
            errors.add("'" + path + "' is blank");
            return null;
        }
        return value.asString();
    }

    private static Instant timestamp(JsonNode node, String name, String path, Errors errors) {
        String text = string(node, name, errors, false, path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, ISO_8601).toInstant();
        } catch (DateTimeParseException e) {
            errors.add("'" + path + "' is not an ISO 8601 timestamp with an offset: '" + text + "'");
            return null;
        }
    }

    /** An optional array of objects that each need {@code required} as a string; {@code null} when absent. */
    private static JsonNode list(JsonNode root, String name, String required, Errors errors) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            errors.add("'" + name + "' must be an array");
            return null;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject() || !value.get(i).path(required).isString()) {
                errors.add("'" + name + "[" + i + "]." + required + "' is missing");
                return null;
            }
        }
        return value;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    /** The errors of one event, in field order. */
    private static final class Errors {
        private final List<String> list = new ArrayList<>();

        void add(String error) {
            list.add(error);
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new InvalidEventException(list);
            }
        }
    }
}
