package io.tocsin.remediation.execution;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.tocsin.remediation.actions.TransientFailure;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Resilience4j around every action call, one set of instances per target system ({@code postgres},
 * {@code redis}, {@code docker}, {@code http}, {@code backup}; configured under {@code resilience4j.*}):
 * a bulkhead so one slow target cannot take every worker slot, a circuit breaker, a bounded retry with
 * backoff for {@link TransientFailure} only, and the step's own timeout around each attempt (the time
 * limit is per step, from the catalogue, rather than per target).
 */
@Component
class TargetGuards implements DisposableBean {

    private final BulkheadRegistry bulkheads;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

    TargetGuards(BulkheadRegistry bulkheads, CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.bulkheads = bulkheads;
        this.breakers = breakers;
        this.retries = retries;
    }

    <T> T call(String target, Duration timeout, Callable<T> work) throws Exception {
        Callable<T> timeLimited = () -> {
            Future<T> attempt = attempts.submit(work);
            try {
                return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                attempt.cancel(true);
                throw new TransientFailure("timed out after " + timeout.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        };
        Bulkhead bulkhead = bulkheads.bulkhead(target);
        CircuitBreaker breaker = breakers.circuitBreaker(target);
        Retry retry = retries.retry(target);
        return Bulkhead.decorateCallable(bulkhead,
                Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, timeLimited))).call();
    }

    @Override
    public void destroy() {
        attempts.shutdownNow();
    }
}
