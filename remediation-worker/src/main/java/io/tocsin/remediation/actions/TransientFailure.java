package io.tocsin.remediation.actions;

/** A failure that may pass (timeout, connection refused, 5xx): retried with backoff, within bounds. */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
