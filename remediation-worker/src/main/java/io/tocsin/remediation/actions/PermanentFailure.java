package io.tocsin.remediation.actions;

/** A failure retrying cannot fix (bad parameters, 4xx, unknown container): the step fails at once. */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
