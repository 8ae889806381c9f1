package io.tocsin.remediation.execution;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.remediation.actions.ActionContext;
import io.tocsin.remediation.actions.ActionReport;
import io.tocsin.remediation.actions.PermanentFailure;
import io.tocsin.remediation.actions.RemediationAction;
import io.tocsin.remediation.actions.TransientFailure;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs steps: every {@code poll-interval} it claims runnable steps (up to {@code concurrency} at once),
 * runs each on a virtual thread through {@link TargetGuards}, and records the outcome. Several runners —
 * in this process or in others — share the work safely: claiming is row-locked and leased.
 */
@Component
public class StepRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);

    private final Remediations remediations;
    private final Map<String, RemediationAction> actions;
    private final TargetGuards guards;
    private final String worker;
    private final Semaphore slots;
    private final ExecutorService running = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean paused;

    @org.springframework.beans.factory.annotation.Autowired
    StepRunner(Remediations remediations, Map<String, RemediationAction> actionsByType, TargetGuards guards,
               RemediationSettings settings) {
        this(remediations, actionsByType, guards, settings, settings.workerId() == null || settings.workerId().isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : settings.workerId());
    }

    /** A runner with an explicit worker name, e.g. a second instance in a test. */
    StepRunner(Remediations remediations, Map<String, RemediationAction> actionsByType, TargetGuards guards,
               RemediationSettings settings, String worker) {
        this.remediations = remediations;
        this.actions = actionsByType;
        this.guards = guards;
        this.worker = worker;
        this.slots = new Semaphore(Math.max(1, settings.concurrency()));
    }

    /** Stops taking new steps (tests and graceful stops); steps already running finish. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    @Scheduled(fixedDelayString = "${tocsin.remediation.poll-interval:500ms}")
    public void tick() {
        while (!paused && slots.tryAcquire()) {
            Optional<Remediations.Claimed> claimed;
            try {
                claimed = remediations.claimNext(worker);
            } catch (RuntimeException e) {
                slots.release();
                log.warn("remediation.claim_failed worker={} reason=\"{}\"", worker, e.getMessage());
                return;
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            running.submit(() -> {
                try {
                    run(claimed.get().execution());
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void run(Execution e) {
        RemediationAction action = actions.get(e.action());
        ActionContext context = new ActionContext(e.id(), e.incidentId(), e.incidentKey(), e.parameters(), e.dryRun(),
                Duration.ofMillis(e.timeoutMs()));
        long started = System.nanoTime();
        try {
            ActionReport report = guards.call(e.target(), context.timeout(), () -> action.execute(context));
            remediations.complete(e, worker, report, (System.nanoTime() - started) / 1_000_000);
        } catch (BulkheadFullException | CallNotPermittedException busy) {
            remediations.release(e, worker, Duration.ofSeconds(busy instanceof CallNotPermittedException ? 30 : 1));
        } catch (PermanentFailure failure) {
            remediations.fail(e, worker, failure.getMessage(), false);
        } catch (TransientFailure failure) {
            remediations.fail(e, worker, "gave up after retries: " + failure.getMessage(), true);
        } catch (Exception unexpected) {
            remediations.fail(e, worker, unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage(), false);
        }
    }

    @Override
    public void destroy() {
        paused = true;
        running.shutdown();
    }
}
