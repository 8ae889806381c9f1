package io.tocsin.ingest.web;

/** A request body over {@code tocsin.ingest.max-body-size}; answered with 413, nothing published. */
public class PayloadTooLargeException extends RuntimeException {

    /** @param limitBytes the configured limit in bytes */
    public PayloadTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes (tocsin.ingest.max-body-size)");
    }

    /**
     * @param limitBytes the configured body limit in bytes
     * @param reason     why the body is too large although under that limit
     */
    public PayloadTooLargeException(long limitBytes, String reason) {
        super(reason + "; body limit " + limitBytes + " bytes");
    }
}
