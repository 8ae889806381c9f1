package io.tocsin.ingest.web;

/**
 * A request body that is not a valid notification. Answered with 400 and a message that names the
 * offending field, e.g. {@code alerts[2].startsAt: not an RFC 3339 timestamp}. Nothing is published.
 */
public class InvalidPayloadException extends RuntimeException {

    private final String field;

    /**
     * @param field  JSON path of the offending field ({@code alerts[0].labels}), or {@code body}
     * @param reason what is wrong with it
     */
    public InvalidPayloadException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** JSON path of the offending field. */
    public String field() {
        return field;
    }
}
