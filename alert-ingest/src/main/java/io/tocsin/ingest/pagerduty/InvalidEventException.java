package io.tocsin.ingest.pagerduty;

import java.util.List;

/**
 * An event PagerDuty would refuse: answered {@code 400 {"status":"invalid event","message":"Event object is invalid",
 * "errors":[…]}}, PagerDuty's own body, each error naming its field. Nothing is published.
 */
public class InvalidEventException extends RuntimeException {

    private final List<String> errors;

    /** @param errors what is wrong, one entry per field (never empty) */
    public InvalidEventException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** What is wrong, one entry per field. */
    public List<String> errors() {
        return errors;
    }
}
