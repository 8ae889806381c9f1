package io.tocsin.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API at its wire format, enough for the notifier: {@code chat.postMessage}, {@code chat.update} and
 * {@code auth.test} answer {@code ok}. It records when each root message (a post without {@code thread_ts})
 * arrived, keyed by its fallback text, for the end-to-end latency to Slack.
 */
final class SlackStub implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Long> rootArrivalNanos = new ConcurrentHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_000L);

    SlackStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().endsWith("chat.postMessage")) {
                Map<String, String> form = Forms.decode(body);
                if (!form.containsKey("thread_ts") && form.containsKey("text")) {
                    rootArrivalNanos.putIfAbsent(form.get("text"), now);
                }
            }
            long id = ts.incrementAndGet();
            byte[] answer = ("{\"ok\":true,\"team_id\":\"T0\",\"channel\":\"C0BENCH\",\"ts\":\"" + (id / 1_000_000) + "."
                    + String.format("%06d", id % 1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** When a root message whose text contains {@code marker} arrived ({@link System#nanoTime()}), or null. */
    Long rootArrival(String marker) {
        for (var e : rootArrivalNanos.entrySet()) {
            if (e.getKey().contains(marker)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
