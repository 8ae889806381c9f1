package io.tocsin.notify.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Slack Web API calls through Slack's official SDK ({@code chat.postMessage}, {@code chat.update}),
 * with the base URL from {@code tocsin.slack.api-url}, wrapped in the Resilience4j circuit breaker
 * {@code slack}, and the one place that classifies Slack's answers:
 * <ul>
 *   <li>HTTP 429 → {@link Outcome.RateLimited} with {@code Retry-After};</li>
 *   <li>HTTP 5xx, timeouts, I/O, an open circuit, {@code ok:false} with a server-side error → {@link Outcome.Retry},
 *   marked {@code maybeDelivered} when Slack may have acted on the request before it failed;</li>
 *   <li>{@code ok:false} otherwise ({@code channel_not_found}, {@code invalid_auth}, …) → {@link Outcome.Failed}, permanent.</li>
 * </ul>
 */
@Component
public class SlackApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SlackApi.class);

    private static final Set<String> RETRYABLE_ERRORS = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited", "rate_limited");
    /** Retryable errors after which Slack may still have posted the message. */
    private static final Set<String> MAYBE_ACTED_ERRORS = Set.of("internal_error", "fatal_error");

    private final SlackSettings settings;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final MethodsClient methods;
    private final Slack slack;

    private final java.time.Clock clock;

    SlackApi(SlackSettings settings, CircuitBreakerRegistry breakers, MeterRegistry meters, java.time.Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.breaker = breakers.circuitBreaker("slack");
        this.meters = meters;
        for (String method : java.util.List.of("chat.postMessage", "chat.update", "chat.getPermalink", "usergroups.users.list",
                "response_url", "views.open")) {
            for (String outcome : java.util.List.of("ok", "rate_limited", "retry", "failed")) {
                meters.counter("tocsin.slack.requests", "method", method, "outcome", outcome); // at zero, for dashboards
            }
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        int timeout = (int) settings.timeout().toMillis();
        config.setHttpClientCallTimeoutMillis(timeout);
        config.setHttpClientReadTimeoutMillis(timeout);
        config.setHttpClientWriteTimeoutMillis(timeout);
        config.setPrettyResponseLoggingEnabled(false);
        config.setLibraryMaintainerMode(false);
        this.slack = Slack.getInstance(config);
        this.methods = slack.methods(settings.botToken());
    }

    /** What Slack answered. */
    public sealed interface Outcome {
        /** Sent; {@code ts} identifies the message. */
        record Sent(String channel, String ts) implements Outcome {
        }

        /** Too many requests to this channel: wait {@code retryAfter}, then send the same again. */
        record RateLimited(Duration retryAfter) implements Outcome {
        }

        /**
         * A transient failure: try again later. {@code maybeDelivered} when Slack may have acted on the request before
         * the failure (a timeout or a broken connection after the request went out, HTTP 5xx, {@code internal_error}):
         * a post is then looked for before it is sent again ({@link SlackDelivery}); {@code false} when the request
         * surely did nothing (an open circuit, a refused connection, {@code ratelimited}).
         */
        record Retry(String reason, boolean maybeDelivered) implements Outcome {
            /** A failure that surely did nothing. */
            public Retry(String reason) {
                this(reason, false);
            }
        }

        /** Slack refused for good. */
        record Failed(String error) implements Outcome {
        }
    }

    /** The Slack message metadata {@code event_type} of every message Tocsin posts. */
    static final String METADATA_EVENT_TYPE = "tocsin_message";

    /**
     * {@code chat.postMessage}; {@code threadTs} null for a top-level message. The message carries {@code messageKey} in
     * its metadata ({@code {"event_type":"tocsin_message","event_payload":{"key":…}}}, api.slack.com/metadata), so
     * {@link #findPosted} can tell later whether an interrupted send reached Slack.
     */
    public Outcome postMessage(String channel, String text, List<LayoutBlock> blocks, String threadTs, String messageKey) {
        Message.Metadata metadata = messageKey == null ? null
                : new Message.Metadata(METADATA_EVENT_TYPE, java.util.Map.of("key", messageKey));
        return call("chat.postMessage", () -> methods.chatPostMessage(r -> r.channel(channel).text(text).blocks(blocks)
                .threadTs(threadTs).metadata(metadata).unfurlLinks(false).unfurlMedia(false)), channel);
    }

    /** Whether a message is in a channel: found (with its {@code ts}), not there, or not known (Slack did not answer). */
    public sealed interface Lookup {
        /** It is there. */
        record Found(String channel, String ts) implements Lookup {
        }

        /** It is not in the channel's history since the time asked. */
        record NotFound() implements Lookup {
        }

        /** Slack could not say; {@code permanent} when it never will (e.g. the token lacks {@code channels:history}). */
        record Unknown(String reason, boolean permanent) implements Lookup {
        }
    }

    /**
     * Looks for the message Tocsin posted with {@code messageKey} in the channel's history since {@code since}
     * ({@code conversations.history} with {@code include_all_metadata}, scope {@code channels:history}; thread replies
     * through {@code conversations.replies} of {@code threadTs}), newest 200 messages.
     *
     * @param channelId a channel id ({@code C…}), not a {@code #name}
     * @param threadTs  the root of the thread a reply was posted in; {@code null} for a top-level message
     */
    public Lookup findPosted(String channelId, String threadTs, String messageKey, Instant since) {
        String oldest = since.getEpochSecond() + "." + String.format("%06d", since.getNano() / 1000);
        try {
            List<Message> messages;
            String error;
            if (threadTs == null) {
                var r = breaker.executeCheckedSupplier(() -> methods.conversationsHistory(q -> q.channel(channelId)
                        .oldest(oldest).includeAllMetadata(true).limit(200)));
                messages = r.getMessages();
                error = r.isOk() ? null : r.getError();
            } else {
                var r = breaker.executeCheckedSupplier(() -> methods.conversationsReplies(q -> q.channel(channelId)
                        .ts(threadTs).oldest(oldest).includeAllMetadata(true).limit(200)));
                messages = r.getMessages();
                error = r.isOk() ? null : r.getError();
            }
            String method = threadTs == null ? "conversations.history" : "conversations.replies";
            meters.counter("tocsin.slack.requests", "method", method, "outcome", error == null ? "ok" : "failed").increment();
            if (error != null) {
                return new Lookup.Unknown(error, !RETRYABLE_ERRORS.contains(error));
            }
            for (Message m : messages == null ? List.<Message>of() : messages) {
                if (m.getMetadata() != null && METADATA_EVENT_TYPE.equals(m.getMetadata().getEventType())
                        && m.getMetadata().getEventPayload() != null
                        && messageKey.equals(String.valueOf(m.getMetadata().getEventPayload().get("key")))) {
                    return new Lookup.Found(channelId, m.getTs());
                }
            }
            return new Lookup.NotFound();
        } catch (CallNotPermittedException e) {
            return new Lookup.Unknown("circuit breaker 'slack' is open", false);
        } catch (Throwable e) {
            return new Lookup.Unknown(e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /**
     * Opens a modal for the user who triggered it ({@code views.open} with the interaction's {@code trigger_id}, valid
     * for 3 s), through the {@code slack} circuit breaker.
     *
     * @return whether Slack opened it
     */
    public boolean openView(String triggerId, com.slack.api.model.view.View view) {
        try {
            var response = breaker.executeCheckedSupplier(() -> methods.viewsOpen(r -> r.triggerId(triggerId).view(view)));
            meters.counter("tocsin.slack.requests", "method", "views.open", "outcome", response.isOk() ? "ok" : "failed")
                    .increment();
            if (!response.isOk()) {
                log.warn("slack.views_open_failed error={}", response.getError());
            }
            return response.isOk();
        } catch (Throwable e) {
            meters.counter("tocsin.slack.requests", "method", "views.open", "outcome", "retry").increment();
            log.warn("slack.views_open_failed reason=\"{}\"", e.getMessage());
            return false;
        }
    }

    /** {@code chat.update} of a message posted earlier. */
    public Outcome update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        return call("chat.update", () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)), channel);
    }

    /**
     * Answers an interaction through its {@code response_url} (api.slack.com/interactivity/handling#message_responses):
     * an ephemeral message to the user who clicked, through the same client and {@code slack} circuit breaker as every
     * other call, on a virtual thread (the interaction has answered already); a failure is counted and logged.
     *
     * @param responseUrl the {@code response_url} of the interaction payload; only {@code https://} and {@code http://}
     */
    public void respond(String responseUrl, String text) {
        if (!responseUrl.startsWith("https://") && !responseUrl.startsWith("http://")) {
            return;
        }
        String payload = io.tocsin.contracts.json.TocsinJson.mapper().writeValueAsString(java.util.Map.of(
                "response_type", "ephemeral", "replace_original", false, "text", text));
        Thread.ofVirtual().name("slack-response-url").start(() -> {
            String outcome;
            try {
                int status = breaker.executeCallable(() -> slack.send(responseUrl, payload)).getCode();
                outcome = status / 100 == 2 ? "ok" : status == 429 ? "rate_limited" : status >= 500 ? "retry" : "failed";
            } catch (Exception e) {
                outcome = "retry";
                log.warn("slack.response_url_failed reason=\"{}\"", e.getMessage());
            }
            meters.counter("tocsin.slack.requests", "method", "response_url", "outcome", outcome).increment();
        });
    }

    /**
     * The members of a Slack user group ({@code usergroups.users.list}, scope {@code usergroups:read}): user ids, or
     * none when Slack refused or did not answer (so nobody is let in by a failed lookup).
     */
    public List<String> usergroupMembers(String usergroup) {
        try {
            var response = breaker.executeCheckedSupplier(() -> methods.usergroupsUsersList(r -> r.usergroup(usergroup)));
            meters.counter("tocsin.slack.requests", "method", "usergroups.users.list", "outcome",
                    response.isOk() ? "ok" : "failed").increment();
            return response.isOk() && response.getUsers() != null ? response.getUsers() : List.of();
        } catch (Throwable e) {
            meters.counter("tocsin.slack.requests", "method", "usergroups.users.list", "outcome", "retry").increment();
            return List.of();
        }
    }

    /**
     * The permalink of a message ({@code chat.getPermalink}, no extra scope): the incident's thread for a page's direct
     * message. Empty when Slack refused or did not answer: the page goes out without it.
     */
    public java.util.Optional<String> permalink(String channelId, String ts) {
        try {
            var response = breaker.executeCheckedSupplier(() -> methods.chatGetPermalink(r -> r.channel(channelId).messageTs(ts)));
            meters.counter("tocsin.slack.requests", "method", "chat.getPermalink", "outcome",
                    response.isOk() ? "ok" : "failed").increment();
            return response.isOk() ? java.util.Optional.ofNullable(response.getPermalink()) : java.util.Optional.empty();
        } catch (Throwable e) {
            meters.counter("tocsin.slack.requests", "method", "chat.getPermalink", "outcome", "retry").increment();
            return java.util.Optional.empty();
        }
    }

    private interface SlackCall {
        SlackApiTextResponse send() throws IOException, SlackApiException;
    }

    private Outcome call(String method, SlackCall call, String channel) {
        Outcome outcome = classify(call, channel);
        String label = switch (outcome) {
            case Outcome.Sent s -> "ok";
            case Outcome.RateLimited r -> "rate_limited";
            case Outcome.Retry r -> "retry";
            case Outcome.Failed f -> "failed";
        };
        meters.counter("tocsin.slack.requests", "method", method, "outcome", label).increment();
        return outcome;
    }

    private Outcome classify(SlackCall call, String channel) {
        SlackApiTextResponse response;
        try {
            response = breaker.executeCheckedSupplier(() -> {
                try {
                    return call.send();
                } catch (SlackApiException e) {
                    if (e.getResponse().code() >= 500) {
                        throw new SlackServerError(e.getResponse().code());
                    }
                    throw e;
                }
            });
        } catch (CallNotPermittedException e) {
            return new Outcome.Retry("circuit breaker 'slack' is open");
        } catch (SlackServerError e) {
            return new Outcome.Retry("HTTP " + e.status, true);
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                Duration wait = io.tocsin.notify.delivery.Backoff.retryAfter(e.getResponse().header("Retry-After"), clock);
                return new Outcome.RateLimited(wait == null ? Duration.ofSeconds(1) : wait);
            }
            return new Outcome.Failed("HTTP " + e.getResponse().code());
        } catch (java.net.ConnectException | java.net.UnknownHostException e) {
            return new Outcome.Retry(e.getClass().getSimpleName() + ": " + e.getMessage()); // never reached Slack
        } catch (IOException e) {
            // A read timeout or a connection broken after the request went out: Slack may have posted it.
            return new Outcome.Retry(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } catch (Throwable e) {
            return new Outcome.Retry(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
        if (response.isOk()) {
            if (response instanceof com.slack.api.methods.response.chat.ChatPostMessageResponse p) {
                return new Outcome.Sent(p.getChannel(), p.getTs());
            }
            if (response instanceof com.slack.api.methods.response.chat.ChatUpdateResponse u) {
                return new Outcome.Sent(u.getChannel(), u.getTs());
            }
            return new Outcome.Sent(channel, null);
        }
        String error = response.getError() == null ? "unknown_error" : response.getError();
        return RETRYABLE_ERRORS.contains(error) ? new Outcome.Retry(error, MAYBE_ACTED_ERRORS.contains(error))
                : new Outcome.Failed(error);
    }

    /** A 5xx from Slack: counts as a failure for the circuit breaker. */
    static final class SlackServerError extends IOException {
        final int status;

        SlackServerError(int status) {
            super("Slack answered HTTP " + status);
            this.status = status;
        }
    }
}
