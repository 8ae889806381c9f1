package io.tocsin.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A trace context carried as a W3C {@code traceparent} string ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex
 * flags>}) where Micrometer's observation cannot carry it: from the record of a batch to the work done for it, and from
 * a recorded outbox publication to its send after commit. Either side is a no-op when tracing is off (no
 * {@link Tracer} or {@link Propagator} bean).
 */
public final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";

    private TraceContexts() {
    }

    /** The current span as a {@code traceparent}, or {@code null} without tracing or a current span. */
    public static String current(Tracer tracer, Propagator propagator) {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (propagator == null || span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs {@code work} in a new span named {@code name} that continues {@code traceparent}, and ends it; an exception
     * is recorded on the span and rethrown. Without tracing or a {@code traceparent}, runs {@code work} as it is.
     */
    public static <T> T inSpan(Tracer tracer, Propagator propagator, String traceparent, String name, Span.Kind kind,
                               Supplier<T> work) {
        return inSpan(tracer, propagator, traceparent, name, kind, Map.of(), work);
    }

    /**
     * {@link #inSpan(Tracer, Propagator, String, String, Span.Kind, Supplier)} with {@code tags} on the span; inside
     * {@code work}, {@code tracer.currentSpan()} is that span, for tags known only afterwards.
     */
    public static <T> T inSpan(Tracer tracer, Propagator propagator, String traceparent, String name, Span.Kind kind,
                               Map<String, String> tags, Supplier<T> work) {
        if (tracer == null || propagator == null || traceparent == null) {
            return work.get();
        }
        Span.Builder builder = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name(name).kind(kind);
        tags.forEach(builder::tag);
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
