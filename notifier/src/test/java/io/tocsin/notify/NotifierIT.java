package io.tocsin.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TocsinInfrastructure;
import io.tocsin.notify.slack.inbound.SlackSignatureVerifier;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of notifier integration tests: one shared context, the shared broker and database, and WireMock
 * standing in for Slack's Web API at its documented wire format (form-encoded requests, JSON answers).
 * Each test uses a channel of its own (routes on the {@code team} label) so tests never see each
 * other's requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notifier",
        "tocsin.slack.bot-token=xoxb-test-token",
        "tocsin.slack.signing-secret=" + NotifierIT.SIGNING_SECRET,
        "tocsin.slack.channel-interval=250ms",
        "tocsin.slack.poll-interval=50ms",
        "tocsin.slack.in-doubt-wait=3s", // above the first backoff (1 s), so SlackOutIT sees which one applied
        "tocsin.notifier.parked-sweep-interval=500ms",
        "tocsin.slack.routes[0].labels.service=backup",
        "tocsin.slack.routes[0].channel=#infrastructure",
        "tocsin.slack.routes[1].labels.team=life",
        "tocsin.slack.routes[1].channel=#life",
        "tocsin.slack.routes[2].labels.team=redelivery",
        "tocsin.slack.routes[2].channel=#redelivery",
        "tocsin.slack.routes[3].labels.team=ratelimit",
        "tocsin.slack.routes[3].channel=#ratelimit",
        "tocsin.slack.routes[4].labels.team=flaky",
        "tocsin.slack.routes[4].channel=#flaky",
        "tocsin.slack.routes[5].labels.team=storm",
        "tocsin.slack.routes[5].channel=#storm",
        "tocsin.slack.routes[6].labels.team=restart",
        "tocsin.slack.routes[6].channel=#restart",
        "tocsin.slack.routes[7].labels.team=commands",
        "tocsin.slack.routes[7].channel=#commands",
        "tocsin.slack.routes[8].labels.team=gone",
        "tocsin.slack.routes[8].channel=#gone",
        "tocsin.slack.routes[9].labels.team=inhibited",
        "tocsin.slack.routes[9].channel=#inhibited",
        "tocsin.slack.routes[10].labels.team=maint",
        "tocsin.slack.routes[10].channel=#maint",
        "tocsin.slack.routes[11].labels.team=flap",
        "tocsin.slack.routes[11].channel=#flap",
        "tocsin.slack.routes[12].labels.team=poison",
        "tocsin.slack.routes[12].channel=#poison",
        "tocsin.slack.routes[13].labels.team=overtaken",
        "tocsin.slack.routes[13].channel=#overtaken",
        "tocsin.slack.routes[14].labels.team=sweep",
        "tocsin.slack.routes[14].channel=#sweep",
        "tocsin.slack.routes[15].labels.team=routed",
        "tocsin.slack.routes[15].channel=#routed",
        "tocsin.slack.routes[16].labels.team=doubt",
        "tocsin.slack.routes[16].channel=#doubt",
        "tocsin.slack.routes[17].labels.team=paging",
        "tocsin.slack.routes[17].channel=#paging",
        "tocsin.slack.routes[18].labels.team=outbound",
        "tocsin.slack.routes[18].channel=#outbound",
        "tocsin.slack.routes[19].labels.team=reminders",
        "tocsin.slack.routes[19].channel=#reminders",
        // The reminder scan runs when a test asks (UpdateRemindersIT): other tests' threads get none.
        "tocsin.status-page.update-cadence.scan=1h",
        "tocsin.oncall.config=classpath:oncall/oncall-notifier-it.yml",
        "tocsin.outbound.webhook.secret=" + NotifierIT.WEBHOOK_SECRET,
        "tocsin.outbound.pagerduty.enabled=true",
        "tocsin.outbound.pagerduty.routing-keys.payments=R0PAYMENTS0000000000000000000000",
        "tocsin.outbound.interval=100ms",
        "tocsin.outbound.backoff=300ms",
        "tocsin.status-page.components[0].name=billing",
        "tocsin.status-page.components[0].description=Card payments and refunds",
        "tocsin.status-page.components[1].name=search",
        "tocsin.status-page.components[1].publish-alert-text=true",
        "tocsin.status-page.statuspage.enabled=true",
        "tocsin.status-page.statuspage.page-id=PAGE1",
        "tocsin.status-page.statuspage.api-key=sp-key",
        "tocsin.status-page.statuspage.component-ids.checkout=cmp-checkout",
        "tocsin.status-page.statuspage.component-ids.storefront=cmp-storefront",
        "spring.cloud.stream.bindings.notifyResponders-in-0.consumer.back-off-initial-interval=100"})
@ContextConfiguration(initializers = TocsinInfrastructure.class)
public abstract class NotifierIT {

    static final String SIGNING_SECRET = "test-signing-secret";
    static final String WEBHOOK_SECRET = "test-webhook-secret";
    /** Answers with the channel the request named, so each test can follow its own channel. */
    private static final String ECHO_CHANNEL =
            "{{formData request.body 'form' urlDecode=true}}{\"ok\":true,\"channel\":\"{{form.channel}}\",";
    protected static final WireMockServer slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final HttpClient http = HttpClient.newHttpClient();

    static {
        slack.start();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ECHO_CHANNEL + "\"ts\":\"1700000000.{{randomValue length=6 type='NUMERIC'}}\"}")
                .withTransformers("response-template")));
        slack.stubFor(post(urlEqualTo("/api/chat.update")).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ECHO_CHANNEL + "\"ts\":\"{{form.ts}}\"}")
                .withTransformers("response-template")));
        // A send interrupted by a crash is looked for in the channel before it is posted again: by default not there.
        for (String history : List.of("/api/conversations.history", "/api/conversations.replies")) {
            slack.stubFor(post(urlEqualTo(history)).atPriority(10).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"messages\":[],\"has_more\":false}")));
        }
        slack.stubFor(post(urlEqualTo("/response-url")).willReturn(aResponse().withStatus(200)));
        // Atlassian Statuspage: any public incident of any test is mirrored here.
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/statuspage/pages/PAGE1/incidents"))
                .atPriority(10).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"sp-other\"}")));
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/statuspage/pages/PAGE1/incidents/.*"))
                .atPriority(10).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        // The team's outgoing webhook and PagerDuty's Events API v2: every announced incident of every test goes there.
        slack.stubFor(post(urlEqualTo("/hooks/tocsin")).atPriority(10).willReturn(aResponse().withStatus(200)));
        slack.stubFor(post(urlEqualTo("/pagerduty/v2/enqueue")).atPriority(10).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
        slack.stubFor(post(urlEqualTo("/api/chat.getPermalink")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"channel\":\"C0THREAD\",\"permalink\":\"https://tocsin-test.slack.com/archives/C0THREAD/p1700000000000001\"}")));
        // The SDK asks auth.test for the team id when it records rate-limit metrics.
        slack.stubFor(post(urlEqualTo("/api/auth.test")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"team_id\":\"T0TEST\",\"user_id\":\"U0BOT\"}")));
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void slackUrl(DynamicPropertyRegistry registry) {
        registry.add("tocsin.slack.api-url", () -> slack.baseUrl() + "/api/");
        registry.add("tocsin.status-page.statuspage.api-url", () -> slack.baseUrl() + "/statuspage/");
        registry.add("tocsin.outbound.webhook.url", () -> slack.baseUrl() + "/hooks/tocsin");
        registry.add("tocsin.outbound.pagerduty.api-url", () -> slack.baseUrl() + "/pagerduty/v2/enqueue");
    }

    // ---- events as incident-service publishes them ----

    protected static IncidentSummary summary(UUID id, String key, String status, String severity, int alerts, int firing) {
        return new IncidentSummary(id, key, "Checkout errors <!channel>", status, severity, "payments", "g-" + id, alerts,
                firing, "http://alertmanager:9093", Instant.parse("2026-11-21T05:00:00Z"));
    }

    /** Firing alert {@code n} of an incident, as incident-service announces it: an {@code AlertsAttached} of one alert. */
    protected static IncidentEvent.AlertsAttached attached(IncidentSummary s, String team, int n) {
        return new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), s, List.of(new IncidentEvent.AttachedAlert(
                String.format("%016x", n), Instant.parse("2026-11-21T05:00:00Z"), AlertStatus.FIRING,
                Map.of("alertname", "CheckoutErrors", "service", "payments", "team", team, "instance", "i" + n),
                Map.of("runbook_url", "https://runbooks/checkout"), "http://prometheus/graph")));
    }

    protected static void send(String topic, TocsinMessage message) {
        TestKafka.send(topic, message);
    }

    // ---- what Slack received ----

    /** A Web API call WireMock received, its form fields decoded. */
    protected record SlackCall(String method, Map<String, String> form, Instant at) {
        String channel() {
            return form.get("channel");
        }

        public boolean isReply() {
            return form.containsKey("thread_ts");
        }
    }

    /** Calls to {@code chat.postMessage} and {@code chat.update} for one channel name, in order. */
    protected static List<SlackCall> callsTo(String channel) {
        return slack.getAllServeEvents().stream()
                .map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/api/chat."))
                .map(NotifierIT::call)
                .filter(c -> channel.equals(c.channel()))
                .sorted(Comparator.comparing(SlackCall::at))
                .toList();
    }

    /** All calls in order. */
    protected static List<SlackCall> allCalls() {
        return slack.getAllServeEvents().stream().map(e -> e.getRequest()).filter(r -> r.getUrl().startsWith("/api/chat."))
                .map(NotifierIT::call).sorted(Comparator.comparing(SlackCall::at)).toList();
    }

    private static SlackCall call(LoggedRequest r) {
        Map<String, String> form = new HashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new SlackCall(r.getUrl().substring("/api/".length()), form, r.getLoggedDate().toInstant());
    }

    // ---- signed requests as Slack sends them ----

    protected HttpResponse<String> signedPost(String path, String formBody, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String signature = new SlackSignatureVerifier(SIGNING_SECRET, Duration.ofSeconds(300), Clock.systemUTC())
                .sign(timestamp, formBody.getBytes(StandardCharsets.UTF_8));
        return postForm(path, formBody, timestamp, signature);
    }

    /** A signed {@code /incident <text>} slash command from {@code user}, as Slack posts it. */
    protected HttpResponse<String> slashCommand(String text, String user) {
        // Like Slack, every request carries a unique trigger_id, so two identical commands are not a replay.
        return signedPost("/slack/commands", form(Map.of("command", "/incident", "text", text, "user_id", user,
                "response_url", slack.baseUrl() + "/response-url", "trigger_id", UUID.randomUUID().toString())), Instant.now());
    }

    protected HttpResponse<String> postForm(String path, String formBody, String timestamp, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
        if (timestamp != null) {
            request.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    protected static com.github.tomakehurst.wiremock.matching.StringValuePattern channelIs(String channel) {
        return containing("channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8));
    }
}
