package io.tocsin.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web console's incident page for a large incident (issue 20): 5,000 alerts in one incident (100 webhooks of 50)
 * and 5,000 notes through the API, so about 10,000 timeline entries; then the page as a signed-in person reads it
 * (one-time link from the start-up banner, as the standalone prints it), 10 warm-up reads, then 50 timed ones. The
 * page verifies the whole chain and shows 200 alerts and the newest 200 entries. Target: p99 under 300 ms. A read that
 * fails or lacks the incident counts as failed and is reported.
 */
final class ConsolePage implements Scenario {

    private static final int ALERTS = 5_000;
    private static final int NOTES = 5_000;
    private static final int READS = 50;
    private final BenchRun bench;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ConsolePage(BenchRun bench) {
        this.bench = bench;
    }

    @Override
    public String name() {
        return "console-incident";
    }

    @Override
    public void run(ObjectNode r) throws Exception {
        Payloads p = bench.payloads();
        String service = "console-" + p.run();
        try (LoadGenerator load = bench.ingest()) {
            load.maxRate(ALERTS / 50, 4, n -> p.webhook("BenchConsole", service, n * 50, 50), 50);
        }
        bench.waitForAlerts(p.run(), ALERTS, Duration.ofMinutes(10));
        long stored = bench.countAlerts(p.run());
        r.put("alertsStored", stored);
        r.put("alertsLost", ALERTS - stored);
        StandaloneProcess tocsin = bench.tocsin();
        String api = "http://127.0.0.1:" + tocsin.incidentPort;
        String token = tocsin.apiToken();
        JsonNode page = JsonMapper.builder().build().readTree(http.send(HttpRequest.newBuilder(URI.create(api
                        + "/api/v1/incidents?service=" + service)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String key = page.get("items").get(0).get("key").asString();
        AtomicLong notesFailed = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int n = writer; n < NOTES; n += 8) {
                    try {
                        int status = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/incidents/" + key + "/notes"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"bench note " + n + "\"}")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            notesFailed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        notesFailed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        r.put("notesFailed", notesFailed.get());

        String cookie = signIn(tocsin);
        URI incidentPage = URI.create("http://localhost:" + tocsin.incidentPort + "/console/incidents/" + key);
        Pattern entries = Pattern.compile("Timeline \\(<span>(\\d+)</span> entries\\)");
        Histogram latency = new Histogram(3);
        long failed = 0;
        long entryCount = -1;
        long bytes = 0;
        for (int i = 0; i < 10 + READS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(incidentPage).header("Cookie", cookie).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t0) / 1000;
            Matcher m = entries.matcher(response.body());
            boolean ok = response.statusCode() == 200 && m.find();
            if (i < 10) {
                continue; // warm-up
            }
            if (!ok) {
                failed++;
                continue;
            }
            entryCount = Long.parseLong(m.group(1));
            bytes = response.body().length();
            latency.recordValue(Math.max(1, micros));
        }
        r.put("incident", key);
        r.put("timelineEntries", entryCount);
        r.put("reads", READS);
        r.put("readsFailed", failed);
        r.put("pageBytes", bytes);
        r.put("p50Ms", BenchRun.round(latency.getValueAtPercentile(50) / 1000.0));
        r.put("p99Ms", BenchRun.round(latency.getValueAtPercentile(99) / 1000.0));
        r.put("maxMs", BenchRun.round(latency.getMaxValue() / 1000.0));
        r.put("target", "incident page with 5,000 alerts and about 10,000 timeline entries, p99 < 300 ms");
        r.put("met", failed == 0 && stored == ALERTS && latency.getValueAtPercentile(99) < 300_000);
    }

    /** Follows the one-time link the standalone printed in its banner, as a person does; returns the session cookie. */
    private String signIn(StandaloneProcess tocsin) throws Exception {
        String log = Files.readString(tocsin.dataDir.getParent().resolve("standalone.log"));
        Matcher link = Pattern.compile("sign in once with (http://localhost:\\d+/console/login/ott\\?token=([0-9a-f-]+))")
                .matcher(log);
        if (!link.find()) {
            throw new IllegalStateException("no console sign-in link in the standalone's banner");
        }
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String session = cookie(form);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in form");
        }
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + tocsin.incidentPort
                        + "/console/login/ott")).header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + link.group(2) + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) {
            throw new IllegalStateException("console sign-in answered " + signedIn.statusCode());
        }
        return cookie(signedIn);
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("TOCSIN_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie"));
    }
}
