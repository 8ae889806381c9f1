package io.tocsin.incident.incident;

/** No incident has the given UUID or {@code INC-<n>} key; the API answers 404. */
public class IncidentNotFound extends RuntimeException {

    /** @param reference the UUID or key that was looked up */
    public IncidentNotFound(String reference) {
        super("no incident '" + reference + "'");
    }
}
