package io.tocsin.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Posts webhooks with Java's HttpClient on virtual threads and records each request's latency in an HdrHistogram
 * (microseconds). At a fixed rate, latency is measured from the request's scheduled start, so a stalled server
 * is not hidden by requests that were never sent (no coordinated omission).
 */
final class LoadGenerator implements AutoCloseable {

    /** What a run achieved. */
    record Result(long requests, long acceptedAlerts, long failedRequests, double seconds, org.HdrHistogram.Histogram latencyMicros) {
        double acceptedAlertsPerSecond() {
            return acceptedAlerts / seconds;
        }
    }

    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final URI target;
    private final String authorization;
    private final String contentType;

    LoadGenerator(URI target, String authorization, String contentType) {
        this.target = target;
        this.authorization = authorization;
        this.contentType = contentType;
        this.http = HttpClient.newBuilder().executor(threads).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * {@code requests} requests as fast as {@code concurrency} concurrent senders can.
     *
     * @param body           the request body of request n
     * @param alertsPerRequest alerts in each body, for the accepted-alerts count
     */
    Result maxRate(int requests, int concurrency, IntFunction<String> body, int alertsPerRequest) throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        Thread[] workers = new Thread[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = Thread.ofVirtual().start(() -> {
                long n;
                while ((n = next.getAndIncrement()) < requests) {
                    long t0 = System.nanoTime();
                    boolean ok = send(body.apply((int) n));
                    latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    (ok ? accepted : failed).addAndGet(ok ? alertsPerRequest : 1);
                }
            });
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(requests, accepted.get(), failed.get(), seconds, latency.getIntervalHistogram());
    }

    /** {@code requestsPerSecond} requests per second for {@code duration}, each on its own virtual thread. */
    Result fixedRate(double requestsPerSecond, Duration duration, IntFunction<String> body, int alertsPerRequest)
            throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = Math.round(requestsPerSecond * duration.toNanos() / 1e9);
        long intervalNanos = Math.round(1e9 / requestsPerSecond);
        long start = System.nanoTime();
        Thread[] sent = new Thread[(int) total];
        for (int n = 0; n < total; n++) {
            long scheduled = start + n * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int request = n;
            sent[n] = Thread.ofVirtual().start(() -> {
                boolean ok = send(body.apply(request));
                latency.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1000));
                (ok ? accepted : failed).addAndGet(ok ? alertsPerRequest : 1);
            });
        }
        for (Thread t : sent) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(total, accepted.get(), failed.get(), seconds, latency.getIntervalHistogram());
    }

    /** One request; true when it was accepted (2xx). */
    boolean send(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
