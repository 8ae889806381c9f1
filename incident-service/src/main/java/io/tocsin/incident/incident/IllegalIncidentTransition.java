package io.tocsin.incident.incident;

/**
 * A state change an incident in its current status does not allow, e.g. acknowledging a resolved
 * incident. The API answers 409; a Kafka command is logged and dropped (not retried, not on the
 * timeline).
 */
public class IllegalIncidentTransition extends RuntimeException {

    private final String incidentKey;
    private final IncidentStatus status;
    private final String action;

    /**
     * @param incidentKey {@code INC-<n>}
     * @param status      the incident's current status
     * @param action      what was attempted: {@code acknowledge}, {@code resolve}, {@code escalate} …
     */
    public IllegalIncidentTransition(String incidentKey, IncidentStatus status, String action) {
        this(incidentKey, status, action, "it is " + status);
    }

    /**
     * @param why the state that forbids it, e.g. {@code it is not flapping}
     */
    public IllegalIncidentTransition(String incidentKey, IncidentStatus status, String action, String why) {
        super("cannot " + action + " " + incidentKey + ": " + why);
        this.incidentKey = incidentKey;
        this.status = status;
        this.action = action;
    }

    public String incidentKey() {
        return incidentKey;
    }

    public IncidentStatus status() {
        return status;
    }

    public String action() {
        return action;
    }
}
