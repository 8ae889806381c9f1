package io.tocsin.incident.incident;

import java.util.List;

/**
 * Receives an incident's registered changes when it is saved, in the transaction that saved it, to record them for
 * sending after commit (the outbox; messaging maps them to the wire).
 */
public interface IncidentChangeSink {

    /**
     * @param incident the incident as saved (its state is the state the changes report)
     * @param changes  its changes since the last save, in the order they happened
     */
    void record(Incident incident, List<IncidentChange> changes);
}
