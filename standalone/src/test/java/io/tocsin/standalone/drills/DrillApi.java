package io.tocsin.standalone.drills;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The drill's stand-in for the seed's API: {@code GET /health/ready} answers {@code 200 {"status":"ok"}} while it runs
 * (seed 000 §2 readiness probe), on a fixed port, behind blackbox_exporter's probe. {@link #kill()} takes it off the
 * network as a crash would (connections refused); {@link #start()} brings it back on the same port.
 */
final class DrillApi {

    final int port;
    private HttpServer server;

    DrillApi(int port) {
        this.port = port;
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] body = "{\"status\":\"ok\",\"database\":\"up\",\"redis\":\"up\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    synchronized void kill() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String readinessUrl() {
        return "http://127.0.0.1:" + port + "/health/ready";
    }
}
