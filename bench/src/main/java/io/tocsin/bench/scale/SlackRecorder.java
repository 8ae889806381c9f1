package io.tocsin.bench.scale;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tocsin.bench.Forms;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's Web API at its wire format ({@code chat.postMessage}, {@code chat.update}, {@code auth.test}, form-encoded,
 * answering {@code ok} with a {@code ts} and the channel's id; {@code conversations.history} and
 * {@code conversations.replies} with each message's metadata), recording what several notifier instances send, for the scale scenario's
 * questions: how many root messages each incident got, whether a reply ever came before its root (a {@code thread_ts}
 * never issued), how many requests were ever in flight at once in one channel, and the escalation replies per
 * incident.
 */
final class SlackRecorder implements AutoCloseable {

    private static final Pattern INCIDENT_KEY = Pattern.compile("\\bINC-\\d+\\b");

    private final HttpServer server;
    /** Message ts: epoch microseconds, as Slack's are, unique and increasing. */
    private final AtomicLong ts = new AtomicLong();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    /** Root message ts → incident key. */
    private final Map<String, String> roots = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rootsPerIncident = new ConcurrentHashMap<>();
    /** Incident key → each root post's ts and Tocsin message key: which queue item was posted twice, and when. */
    private final Map<String, List<String>> rootPosts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> escalationsPerIncident = new ConcurrentHashMap<>();
    private final AtomicInteger repliesBeforeRoot = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    /** Posted messages per channel id, for the history methods: ts, thread_ts (or null), metadata JSON (or null). */
    private final Map<String, List<String[]>> history = new ConcurrentHashMap<>();

    SlackRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/", this::handle);
        server.start();
    }

    /** The base URL the notifier takes as {@code TOCSIN_SLACK_API_URL}. */
    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = Forms.decode(body);
        String method = exchange.getRequestURI().getPath().substring(exchange.getRequestURI().getPath().lastIndexOf('/') + 1);
        String channel = channelId(form.getOrDefault("channel", ""));
        if (method.startsWith("conversations.")) {
            answer(exchange, historyAnswer(method, channel, form));
            return;
        }
        AtomicInteger flying = inFlight.computeIfAbsent(channel, c -> new AtomicInteger());
        int now = flying.incrementAndGet();
        maxInFlight.merge(channel, now, Math::max);
        try {
            String issued = String.valueOf(ts.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000)));
            issued = issued.substring(0, 10) + "." + issued.substring(10);
            if (method.equals("chat.postMessage")) {
                record(form, issued);
                history.computeIfAbsent(channel, c -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(new String[] {issued, form.get("thread_ts"), form.get("metadata")});
            }
            // A little work per request, as Slack's latency: overlapping sends in one channel would show.
            Thread.sleep(2);
            answer(exchange, "{\"ok\":true,\"team_id\":\"T0\",\"channel\":\"" + channel + "\",\"ts\":\"" + issued + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flying.decrementAndGet();
            exchange.close();
        }
    }

    /** Slack answers every post with the channel's id ({@code C…}); here {@code #sre-oncall} is {@code CSREONCALL}. */
    private static String channelId(String channel) {
        return channel.startsWith("#") ? "C" + channel.substring(1).replaceAll("[^A-Za-z0-9]", "").toUpperCase(java.util.Locale.ROOT)
                : channel;
    }

    /** {@code conversations.history} (top-level messages) or {@code .replies} (a thread, {@code ts} its root) since {@code oldest}. */
    private String historyAnswer(String method, String channel, Map<String, String> form) {
        double oldest = Double.parseDouble(form.getOrDefault("oldest", "0"));
        String thread = method.equals("conversations.replies") ? form.get("ts") : null;
        StringBuilder messages = new StringBuilder();
        List<String[]> posted = history.getOrDefault(channel, List.of());
        synchronized (posted) {
            for (String[] m : posted) {
                boolean inScope = thread == null ? m[1] == null : thread.equals(m[1]) || thread.equals(m[0]);
                if (inScope && Double.parseDouble(m[0]) >= oldest) {
                    messages.append(messages.isEmpty() ? "" : ",").append("{\"type\":\"message\",\"ts\":\"").append(m[0]).append('"')
                            .append(m[2] == null ? "" : ",\"metadata\":" + m[2]).append('}');
                }
            }
        }
        return "{\"ok\":true,\"has_more\":false,\"messages\":[" + messages + "]}";
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void record(Map<String, String> form, String issued) {
        String text = form.getOrDefault("text", "");
        String thread = form.get("thread_ts");
        if (thread == null) {
            Matcher key = INCIDENT_KEY.matcher(text);
            if (key.find()) {
                roots.put(issued, key.group());
                rootsPerIncident.computeIfAbsent(key.group(), k -> new AtomicInteger()).incrementAndGet();
                rootPosts.computeIfAbsent(key.group(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(issued + " " + metadataKey(form.get("metadata")));
            }
            return;
        }
        String incident = roots.get(thread);
        if (incident == null) {
            repliesBeforeRoot.incrementAndGet();
            return;
        }
        if (text.startsWith("⏫ Escalated to level")) {
            escalationsPerIncident.computeIfAbsent(incident, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(text);
        }
    }

    /** Root messages per incident key ({@code INC-7} → 1). */
    Map<String, Integer> rootsPerIncident() {
        Map<String, Integer> copy = new HashMap<>();
        rootsPerIncident.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /**
     * The root posts of incidents that got more than one ({@code INC-7 → ["1764455000.000001 tocsin-42", …]}): the
     * same key twice is one queue item sent twice.
     */
    Map<String, List<String>> duplicateRoots() {
        Map<String, List<String>> copy = new HashMap<>();
        rootPosts.forEach((k, v) -> {
            if (v.size() > 1) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }

    private static String metadataKey(String metadata) {
        Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(metadata == null ? "" : metadata);
        return key.find() ? key.group(1) : "no-key";
    }

    /** Escalation replies ({@code ⏫ Escalated to level …}) per incident key. */
    Map<String, Integer> escalationsPerIncident() {
        Map<String, Integer> copy = new HashMap<>();
        escalationsPerIncident.forEach((k, v) -> copy.put(k, v.size()));
        return copy;
    }

    /** Replies whose {@code thread_ts} was no root issued before: a reply sent ahead of its root. */
    int repliesBeforeRoot() {
        return repliesBeforeRoot.get();
    }

    /** The most requests in flight at once in any one channel: 1 when each channel has one sender at a time. */
    int maxInFlightPerChannel() {
        return maxInFlight.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Every request received. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
