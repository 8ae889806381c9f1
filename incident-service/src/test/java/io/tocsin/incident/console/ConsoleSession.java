package io.tocsin.incident.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session with the console, as plain HTTP: it keeps the session cookie (by hand: Java's cookie manager
 * never sends a {@code Secure} cookie over http, browsers do on localhost), follows no redirects, and sends forms with
 * the CSRF token of the last page it read.
 */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("TOCSIN_SESSION=([^;]+)");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String cookie;
    private String csrf;

    ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A session signed in as the local admin through a fresh one-time link, as a person following it does. */
    static ConsoleSession signedIn(int port, LocalSignIn localSignIn) {
        ConsoleSession browser = new ConsoleSession(port);
        String link = localSignIn.newLink().orElseThrow();
        browser.get(link);
        HttpResponse<String> signIn = browser.post("/console/login/ott",
                Map.of("token", link.substring(link.indexOf("token=") + "token=".length())));
        if (signIn.statusCode() != 302 || !signIn.headers().firstValue("Location").orElse("").endsWith("/console/incidents")) {
            throw new AssertionError("one-time sign-in failed: " + signIn.statusCode() + " " + signIn.headers().map());
        }
        return browser;
    }

    HttpResponse<String> get(String pathOrUrl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** A GET with one extra header (e.g. htmx's {@code HX-Request}). */
    HttpResponse<String> get(String path, String header, String value) {
        return send(HttpRequest.newBuilder(uri(path)).header(header, value).GET());
    }

    /** Posts a form with the CSRF token of the last page read. */
    HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** Posts exactly these fields (no CSRF token unless given). */
    HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * The same browser sent to another instance (a load balancer without sticky sessions): same session cookie, same
     * CSRF token.
     */
    ConsoleSession onPort(int otherPort) {
        ConsoleSession moved = new ConsoleSession(otherPort);
        moved.cookie = cookie;
        moved.csrf = csrf;
        return moved;
    }

    String cookieHeader() {
        return cookie;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (cookie != null) {
            request.header("Cookie", "TOCSIN_SESSION=" + cookie);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(c -> {
                Matcher m = COOKIE.matcher(c);
                if (m.find()) {
                    cookie = m.group(1).isEmpty() ? null : m.group(1);
                }
            });
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
