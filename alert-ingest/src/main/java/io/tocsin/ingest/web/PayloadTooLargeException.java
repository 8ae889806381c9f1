package io.tocsin.ingest.web;

/** A request body over {@code tocsin.ingest.max-body-size}; answered with 413, nothing published. */
public class PayloadTooLargeException extends RuntimeException {

    /** @param limitBytes the configured limit in bytes */
    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes (tocsin.ingest.max-body-size)");
    }
}
