package io.tocsin.standalone.drills;

import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.notify.slack.inbound.SlackSignatureVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a drill sees of the stack, the way its users see it: Tocsin's incident and remediation APIs with the ADMIN
 * token, the Slack messages Tocsin posted (form fields of each Web API call), signed Slack clicks, and Prometheus'
 * view of an alert. Also records the drill's times into {@code standalone/target/drills/times.md}.
 */
final class DrillClient {

    /**
     * One Slack Web API call Tocsin made: its method ({@code chat.postMessage}, …), form fields, the {@code ts} the
     * stub answered (a posted message's id, which replies name as {@code thread_ts}) and when the stub received it.
     */
    record SlackCall(String method, Map<String, String> form, String ts, Instant at) {
        String text() {
            return form.getOrDefault("text", "") + " " + form.getOrDefault("blocks", "");
        }
    }

    private final DrillStack stack;
    private final Instant since = Instant.now();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A client for one drill: it sees the incidents opened from now on, not those of drills before it. */
    DrillClient(DrillStack stack) {
        this.stack = stack;
    }

    /** GET on incident-service; fails on anything but 200. */
    JsonNode incidents(String path) throws Exception {
        return get("http://127.0.0.1:" + stack.incidentPort + path);
    }

    /** GET on remediation-worker; fails on anything but 200. */
    JsonNode remediation(String path) throws Exception {
        return get("http://127.0.0.1:" + stack.remediationPort + path);
    }

    /** The incident of {@code service} opened during this drill with an alert named {@code alertname}, once it exists. */
    JsonNode awaitIncident(String service, String alertname, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> incident(service, alertname), Optional::isPresent).orElseThrow();
    }

    Optional<JsonNode> incident(String service, String alertname) throws Exception {
        for (JsonNode item : incidents("/api/v1/incidents?service=" + service + "&size=50").get("items")) {
            if (Instant.parse(item.get("openedAt").asString()).isBefore(since)) {
                continue;
            }
            JsonNode full = incidents("/api/v1/incidents/" + item.get("key").asString());
            for (JsonNode alert : full.get("alerts")) {
                if (alertname.equals(alert.path("labels").path("alertname").asString())) {
                    return Optional.of(full);
                }
            }
        }
        return Optional.empty();
    }

    JsonNode timeline(String key) throws Exception {
        return incidents("/api/v1/incidents/" + key + "/timeline");
    }

    /** The timeline as {@code type actor} lines, oldest first, for order-and-actor assertions. */
    List<String> entries(String key) throws Exception {
        List<String> entries = new ArrayList<>();
        timeline(key).forEach(e -> entries.add(e.get("type").asString() + " " + e.get("actor").asString()));
        return entries;
    }

    /** The first timeline entry of {@code type}. */
    JsonNode entry(String key, String type) throws Exception {
        for (JsonNode e : timeline(key)) {
            if (type.equals(e.get("type").asString())) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " entry on " + key + ": " + entries(key));
    }

    /** Waits until the incident is RESOLVED and returns it. */
    JsonNode awaitResolved(String key, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(
                () -> incidents("/api/v1/incidents/" + key), i -> "RESOLVED".equals(i.get("status").asString()));
    }

    /** Whether the incident's hash chain verifies. */
    boolean chainValid(String key) throws Exception {
        return incidents("/api/v1/incidents/" + key + "/timeline/verification").get("valid").asBoolean();
    }

    /** {@code service/alertname} of every alert on incidents opened at or after {@code since}. */
    List<String> alertsOpenedSince(Instant since) throws Exception {
        List<String> opened = new ArrayList<>();
        for (JsonNode item : incidents("/api/v1/incidents?size=100").get("items")) {
            if (!Instant.parse(item.get("openedAt").asString()).isBefore(since)) {
                JsonNode full = incidents("/api/v1/incidents/" + item.get("key").asString());
                full.get("alerts").forEach(a -> opened.add(full.get("service").asString() + "/"
                        + a.path("labels").path("alertname").asString()));
            }
        }
        return opened.stream().distinct().sorted().toList();
    }

    /** The remediation executions (one per step) of an incident, in plan order. */
    JsonNode executions(String key) throws Exception {
        return remediation("/api/v1/executions?incident=" + key).get("items");
    }

    /** When the first alert of the incident started firing in Prometheus (its {@code startsAt}). */
    static Instant firingSince(JsonNode incident) {
        return Instant.parse(incident.get("alerts").get(0).get("startsAt").asString());
    }

    /** The incident's root Slack message (the first {@code chat.postMessage} naming its key). */
    SlackCall slackRoot(String key) {
        return slackCalls().stream().filter(c -> c.method().equals("chat.postMessage") && !c.form().containsKey("thread_ts")
                && c.text().contains(key + "*")).findFirst().orElseThrow(() -> new AssertionError("no Slack message for " + key));
    }

    /** Texts of the thread replies under a root message, oldest first. */
    List<String> slackThread(String rootTs) {
        return slackCalls().stream().filter(c -> c.method().equals("chat.postMessage")
                && rootTs.equals(c.form().get("thread_ts"))).map(c -> c.form().get("text")).toList();
    }

    /** Texts the root message was updated to, oldest first. */
    List<String> slackUpdates(String rootTs) {
        return slackCalls().stream().filter(c -> c.method().equals("chat.update") && rootTs.equals(c.form().get("ts")))
                .map(c -> c.form().get("text")).toList();
    }

    /** Every Slack Web API call so far, oldest first. */
    List<SlackCall> slackCalls() {
        List<SlackCall> calls = new ArrayList<>();
        stack.slack.getAllServeEvents().reversed().forEach(event -> {
            String url = event.getRequest().getUrl();
            if (url.startsWith("/api/")) {
                String body = event.getResponse().getBodyAsString();
                String ts = body != null && body.startsWith("{") ? TocsinJson.mapper().readTree(body).path("ts").asString(null) : null;
                calls.add(new SlackCall(url.substring(5), form(event.getRequest().getBodyAsString()), ts,
                        event.getRequest().getLoggedDate().toInstant()));
            }
        });
        return calls;
    }

    /**
     * Starts a backup verification as the nightly schedule or an operator does ({@code POST /api/v1/verifications} on
     * backup-verifier); returns its id.
     */
    String startVerification() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.backupPort + "/api/v1/verifications"))
                .header("Authorization", "Bearer " + stack.apiToken()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("POST /api/v1/verifications answered " + response.statusCode() + ": " + response.body());
        }
        return TocsinJson.mapper().readTree(response.body()).get("id").asString();
    }

    /** A verification's record on backup-verifier ({@code status} RUNNING, PASSED or FAILED, {@code report}). */
    JsonNode verification(String id) throws Exception {
        for (JsonNode item : get("http://127.0.0.1:" + stack.backupPort + "/api/v1/verifications?size=50").get("items")) {
            if (id.equals(item.get("id").asString())) {
                return item;
            }
        }
        throw new AssertionError("no verification " + id);
    }

    /** Texts of the ephemeral replies Tocsin sent to {@code user}'s clicks (through their {@code response_url}). */
    List<String> ephemeralReplies(String user) {
        List<String> texts = new ArrayList<>();
        stack.slack.getAllServeEvents().reversed().forEach(event -> {
            if (event.getRequest().getUrl().equals("/slack-response/" + user)) {
                texts.add(TocsinJson.mapper().readTree(event.getRequest().getBodyAsString()).path("text").asString());
            }
        });
        return texts;
    }

    /** Clicks a button of a Slack message as {@code user}, signed with the app's signing secret. */
    HttpResponse<String> click(String actionId, String value, String user) throws Exception {
        String payload = TocsinJson.mapper().writeValueAsString(Map.of("type", "block_actions",
                "user", Map.of("id", user), "response_url", stack.slack.baseUrl() + "/slack-response/" + user,
                "actions", List.of(Map.of("action_id", actionId, "value", value))));
        String form = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = new SlackSignatureVerifier(DrillStack.SIGNING_SECRET, Duration.ofMinutes(5), Clock.systemUTC())
                .sign(timestamp, form.getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.notifierPort + "/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state Prometheus gives {@code alertname} right now: {@code inactive}, {@code pending} or {@code firing}. */
    String alertState(String alertname) throws Exception {
        for (JsonNode alert : get(stack.prometheusUrl() + "/api/v1/alerts").path("data").path("alerts")) {
            if (alertname.equals(alert.path("labels").path("alertname").asString())) {
                return alert.path("state").asString();
            }
        }
        return "inactive";
    }

    /** The value of an instant PromQL query, or NaN when it has no result. */
    double query(String promql) throws Exception {
        JsonNode result = get(stack.prometheusUrl() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data").path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).get("value").get(1).asString());
    }

    /**
     * Appends a drill's times to {@code times.md}: each milestone's seconds after the fault began.
     *
     * @param milestones name → instant, in order (detected, opened, remediated, resolved)
     */
    void recordTimes(String drill, Instant fault, Map<String, Instant> milestones) throws IOException {
        Path file = stack.dir.resolve("times.md");
        if (!Files.exists(file)) {
            Files.writeString(file, "| drill | detected (alert firing) | incident open | remediated | resolved |\n"
                    + "|---|---|---|---|---|\n");
        }
        StringBuilder row = new StringBuilder("| " + drill + " |");
        for (String name : List.of("detected", "opened", "remediated", "resolved")) {
            Instant at = milestones.get(name);
            row.append(at == null ? " — |" : " %.1f s |".formatted(Duration.between(fault, at).toMillis() / 1000.0));
        }
        Files.writeString(file, row + "\n", java.nio.file.StandardOpenOption.APPEND);
        System.out.println("drill " + drill + ": " + row);
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + stack.apiToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return TocsinJson.mapper().readTree(response.body());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.startsWith("{")) {
            TocsinJson.mapper().readTree(body).properties().forEach(e ->
                    form.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
