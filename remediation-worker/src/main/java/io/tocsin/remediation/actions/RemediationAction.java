package io.tocsin.remediation.actions;

import io.tocsin.remediation.catalogue.Runbook;
import java.util.List;
import java.util.function.Consumer;

/**
 * One kind of remediation step. {@link #execute} checks preconditions (and skips when there is nothing
 * to do, e.g. the setting is already in place), acts unless the context is a dry run, and verifies the
 * effect. It is safe to run again after a crash: preconditions are re-checked first.
 *
 * <p>Errors: {@link PermanentFailure} (bad parameters, a 4xx, an unknown container) fails the step at
 * once; {@link TransientFailure} (timeouts, connection refused, 5xx) is retried with backoff.
 */
public interface RemediationAction {

    /** The action type used in the catalogue, e.g. {@code redis.set-config}. */
    String type();

    /** The target system, naming its Resilience4j instances: {@code postgres}, {@code redis}, {@code docker}, {@code http}, {@code backup}. */
    String target();

    /** Parameters it takes, for catalogue validation. */
    List<Param> params();

    /** Extra catalogue rules for a step using this action; report each violation to {@code errors}. */
    default void validate(Runbook.Step step, Consumer<String> errors) {
    }

    /** Runs the step. */
    ActionReport execute(ActionContext context) throws Exception;

    /**
     * A parameter.
     *
     * @param kind     how the value is checked: STRING, DURATION ({@code 30s}, {@code 5m}), INTEGER, BOOLEAN, MAP, LIST
     * @param required whether the step must set it
     */
    record Param(String name, Kind kind, boolean required) {
        public static Param required(String name, Kind kind) {
            return new Param(name, kind, true);
        }

        public static Param optional(String name, Kind kind) {
            return new Param(name, kind, false);
        }
    }

    /** Parameter value kinds. */
    enum Kind { STRING, DURATION, INTEGER, BOOLEAN, MAP, LIST }
}
