package io.tocsin.notify.slack;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains {@code slack_queue} on its own thread ({@code slack-sender}): right after a transaction that queued a message
 * commits ({@link SlackQueue} wakes it), and every {@code tocsin.slack.poll-interval} (default 200 ms) for retries and
 * paced channels. Per channel, in queue order, at most one send per {@code tocsin.slack.channel-interval}: the head of a
 * channel's queue is claimed ({@link SlackQueueStore#claimHead}) and delivered ({@link SlackDelivery}) before the next.
 * Everything is in the database, so a restart resumes where it stopped; with several instances each channel is sent
 * by the one instance that holds its lease.
 */
@Component
public class SlackSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlackSender.class);

    private final SlackQueueStore store;
    private final SlackDelivery delivery;
    private final SlackSettings settings;
    private final Clock clock;
    private final SlackQueue queue;
    private final Duration pollInterval;
    private volatile boolean paused;
    private volatile Thread loop;

    SlackSender(SlackQueueStore store, SlackDelivery delivery, SlackSettings settings, Clock clock, MeterRegistry meters,
                SlackQueue queue, @Value("${tocsin.slack.poll-interval:200ms}") Duration pollInterval) {
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
        this.clock = clock;
        this.queue = queue;
        this.pollInterval = pollInterval;
        Gauge.builder("tocsin.slack.queue.pending", queue, SlackQueue::pending)
                .description("Slack messages waiting to be sent").register(meters);
        if (!settings.enabled()) {
            log.info("slack.off reason=\"no tocsin.slack.bot-token (TOCSIN_SLACK_BOT_TOKEN)\": nothing is posted; "
                    + "the status page still works");
        }
    }

    /** Stops sending (tests use it to simulate a stopped process); queued work stays. */
    public void pause() {
        paused = true;
    }

    /** Resumes sending. */
    public void resume() {
        paused = false;
    }

    /**
     * Starts the {@code slack-sender} thread. A send a stop interrupted stays {@code sending} at its channel's head and
     * is sent again by whichever instance holds the channel next ({@link SlackQueueStore#claimHead}).
     */
    @Override
    public void start() {
        Thread thread = new Thread(this::run, "slack-sender");
        thread.setDaemon(true);
        loop = thread;
        thread.start();
    }

    /** Stops the thread after the send in progress, if any; queued work stays for the next start. */
    @Override
    public void stop() {
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            queue.wakeSender();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /**
     * Every poll interval, every channel with due work ({@link #drain()}); in between, woken by {@link SlackQueue},
     * only the channels just queued to, and only when their pacing allows: a channel with a long backlog (one message
     * a second) then costs one key lookup per wake-up, not a scan of its queue.
     */
    private void run() {
        Set<String> woken = Set.of();
        long drainedAt = 0;
        while (loop == Thread.currentThread()) {
            try {
                if (woken.isEmpty() || System.nanoTime() - drainedAt >= pollInterval.toNanos()) {
                    drainedAt = System.nanoTime();
                    drain();
                } else {
                    sendWhereDue(woken);
                }
            } catch (RuntimeException e) {
                log.warn("slack.drain_error reason=\"{}\"", e.getMessage()); // e.g. the database is away: next poll
            }
            try {
                woken = queue.awaitQueued(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendWhereDue(Set<String> channels) {
        if (!settings.enabled() || paused) {
            return;
        }
        Instant now = clock.instant();
        for (String channel : channels) {
            if (!store.paced(channel, now) && !paused) {
                sendNext(channel);
            }
        }
    }

    void drain() {
        if (!settings.enabled() || paused) {
            return;
        }
        for (String channel : store.dueChannels(clock.instant())) {
            if (paused) {
                return;
            }
            try {
                sendNext(channel);
            } catch (RuntimeException e) {
                log.warn("slack.send_error channel={} reason=\"{}\"", channel, e.getMessage());
            }
        }
    }

    /** Claims the head of a channel's queue and delivers it; the head that is not due yet holds the channel's order. */
    private void sendNext(String channel) {
        store.claimHead(channel, clock.instant()).ifPresent(item -> {
            try {
                delivery.deliver(item);
            } catch (RuntimeException e) {
                store.release(item); // never leave the head of a channel claimed: the channel keeps moving
                throw e;
            }
        });
    }
}
