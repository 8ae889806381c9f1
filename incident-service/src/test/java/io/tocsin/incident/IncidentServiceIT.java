package io.tocsin.incident;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TocsinInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Base of incident-service integration tests: one Spring context (shared through the context cache by
 * every subclass), the shared embedded Kafka broker and test PostgreSQL, and helpers that act as a
 * user would: send records to Kafka, call the REST API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=incident-service",
        "tocsin.api.tokens=auditor-token=AUDITOR,responder-token=RESPONDER,admin-token=ADMIN",
        "tocsin.incident.outbox-retry-interval=2s",
        "tocsin.oncall.config=classpath:oncall/oncall-it.yml",
        "spring.cloud.stream.bindings.triageAlert-in-0.consumer.back-off-initial-interval=100",
        "spring.cloud.stream.bindings.applyIncidentCommand-in-0.consumer.back-off-initial-interval=100"
})
@ContextConfiguration(initializers = TocsinInfrastructure.class)
public abstract class IncidentServiceIT {

    protected static final String AUDITOR = "auditor-token";
    protected static final String RESPONDER = "responder-token";
    protected static final String ADMIN = "admin-token";
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    /** Sends a message with its CloudEvents headers, as the real producers do, and waits for the ack. */
    protected static void send(String topic, TocsinMessage message) {
        TestKafka.send(topic, message);
    }

    /** Sends raw bytes, e.g. a poison message. */
    protected static void send(String topic, String key, byte[] value) {
        TestKafka.send(topic, key, value);
    }

    /** A firing alert of a unique group, with the given labels. */
    protected static AlertReceived firing(String groupKey, String fingerprint, Instant startsAt, Map<String, String> labels,
                                          Map<String, String> annotations) {
        return new AlertReceived(UUID.randomUUID(), Instant.now(), fingerprint, AlertStatus.FIRING, labels, annotations,
                startsAt, null, "http://prometheus/graph", groupKey, "tocsin", "http://alertmanager:9093", "alertmanager",
                Instant.now());
    }

    /** The same alert, resolved. */
    protected static AlertReceived resolved(AlertReceived firing) {
        return new AlertReceived(UUID.randomUUID(), Instant.now(), firing.fingerprint(), AlertStatus.RESOLVED,
                firing.labels(), firing.annotations(), firing.startsAt(), Instant.now(), firing.generatorURL(),
                firing.groupKey(), firing.receiver(), firing.externalURL(), firing.source(), Instant.now());
    }

    protected static String uniqueGroup(String name) {
        return "{}:{alertname=\"" + name + "\", run=\"" + UUID.randomUUID() + "\"}";
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected HttpResponse<String> get(String path, String token) {
        return get(path, token, "application/json");
    }

    protected HttpResponse<String> get(String path, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request.build());
    }

    protected HttpResponse<String> post(String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request.build());
    }

    protected HttpResponse<String> delete(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request.build());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return TocsinJson.mapper().readTree(response.body());
    }

    /** The timeline entries of one type of an incident, via the API, oldest first. */
    protected List<JsonNode> entries(String key, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))) {
            if (e.get("type").asString().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The incidents opened for a group key, via the API (newest first). */
    protected JsonNode incidentsOfGroup(String groupKey) {
        JsonNode page = json(get("/api/v1/incidents?size=500", AUDITOR));
        var matches = TocsinJson.mapper().createArrayNode();
        for (JsonNode item : page.get("items")) {
            if (groupKey.equals(item.get("groupKey").asString())) {
                matches.add(item);
            }
        }
        return matches;
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP call failed: " + request.uri(), e);
        }
    }
}
