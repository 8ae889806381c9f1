package io.tocsin.bench.scale;

import io.tocsin.bench.Payloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The scale scenario's alerts as Alertmanager sends them: webhooks of one Alertmanager group each (group_by
 * {@code alertname, service}), two alertnames per service, so with Tocsin grouping by {@code service} one incident's
 * alerts arrive in two groups with different groupKeys. Services alternate between webhooks of 50 alerts and of 3.
 * Each webhook goes to the next live alert-ingest instance, and one that fails (refused, 5xx, timeout) is sent again
 * to the next after a pause, as Alertmanager retries a failed notification, for up to two minutes.
 */
final class ScaleLoad {

    /** What was sent: alerts accepted (every alert of every 2xx webhook), webhooks that gave up, retries, time. */
    record Sent(long alerts, long webhooks, long failedWebhooks, long retries, Instant first, Instant last) {
        double seconds() {
            return Duration.between(first, last).toNanos() / 1e9;
        }
    }

    private final Payloads payloads = new Payloads("scale", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<String> bodies = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String token;

    /**
     * @param alerts   how many alerts in all (the last webhook may carry fewer)
     * @param services how many {@code service} label values: Tocsin's grouping keys, so incidents
     * @param token    alert-ingest's bearer token
     */
    ScaleLoad(int alerts, int services, String token) {
        this.token = token;
        this.http = HttpClient.newBuilder().executor(threads).connectTimeout(Duration.ofSeconds(2)).build();
        int[][] next = new int[services][2];
        int total = 0;
        for (int i = 0; total < alerts; i++) {
            int service = i % services;
            int alertname = (i / services) % 2;
            int size = Math.min(service % 2 == 0 ? 50 : 3, alerts - total);
            bodies.add(payloads.webhook(alertname == 0 ? "ScaleLatencyHigh" : "ScaleErrorsHigh", "svc-" + service,
                    next[service][alertname], size));
            sizes.add(size);
            next[service][alertname] += size;
            total += size;
        }
    }

    /**
     * Sends every webhook with {@code concurrency} senders.
     *
     * @param ingest     the alert-ingest instances' base URLs; {@code alive.test(i)} says whether instance i may be used
     * @param alive      which instances are still up (the load balancer's health check)
     * @param halfway    called once, when half of the alerts were accepted (the scenario's crash point)
     */
    Sent send(List<String> ingest, java.util.function.IntPredicate alive, int concurrency, Runnable halfway)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicInteger roundRobin = new AtomicInteger();
        long total = sizes.stream().mapToLong(Integer::longValue).sum();
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
        Instant first = Instant.now();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < concurrency; s++) {
            senders.add(Thread.ofVirtual().start(() -> {
                int n;
                while ((n = next.getAndIncrement()) < bodies.size()) {
                    boolean delivered;
                    try {
                        delivered = deliver(bodies.get(n), ingest, alive, () -> roundRobin.getAndIncrement(), retries);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (delivered) {
                        long done = accepted.addAndGet(sizes.get(n));
                        if (done >= total / 2 && crashed.compareAndSet(false, true)) {
                            halfway.run();
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        return new Sent(accepted.get(), bodies.size(), failed.get(), retries.get(), first, Instant.now());
    }

    private boolean deliver(String body, List<String> ingest, java.util.function.IntPredicate alive, IntSupplier roundRobin,
                            AtomicLong retries) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<Integer> up = java.util.stream.IntStream.range(0, ingest.size()).filter(alive).boxed().toList();
            if (!up.isEmpty()) {
                int i = up.get(Math.floorMod(roundRobin.getAsInt(), up.size()));
                HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.get(i) + "/api/v1/alerts/alertmanager"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status / 100 == 2) {
                        return true;
                    }
                } catch (java.io.IOException e) {
                    // refused or reset: the instance died; the next try goes to another
                }
            }
            retries.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    /** Total alerts in all webhooks. */
    long alerts() {
        return sizes.stream().mapToLong(Integer::longValue).sum();
    }

    void close() {
        threads.shutdownNow();
    }
}
