package io.tocsin.incident.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where incidents are kept (table {@code incident.incident}). Every {@code …ForUpdate} read row-locks the incident
 * until the transaction ends and returns, within one transaction, the same {@link Incident} object for the same id,
 * so two rules of one transaction never work on two copies. {@link #save} persists what the aggregate decided and
 * hands its registered {@link IncidentChange}s to the {@link IncidentChangeSink}.
 */
public interface IncidentRepository {

    /** The next incident number, from a sequence (gaps after rollbacks are expected). */
    default long nextNumber() {
        return nextNumber(0);
    }

    /**
     * The next incident number; when this transaction holds no reserved number, {@code reserveAhead} more are taken in
     * the same statement and handed out, ascending, by the next calls of this transaction. A poll that will open many
     * incidents numbers them with one round trip; a reserved number the transaction does not use is a gap, as after a
     * rollback (ADR 0017).
     *
     * @param reserveAhead how many more numbers this transaction expects to need (0 or more)
     */
    long nextNumber(int reserveAhead);

    /**
     * Adds a new incident: its row is written once, in the state it has when the transaction sends its new rows (at
     * commit, or before any read of the incident table), so its alerts and entries may refer to it at once; its changes
     * wait for the next {@link #save}, which reports the state the opening ended in.
     */
    void add(Incident incident);

    /** Writes a changed incident (inserts a new one), then hands its changes to the sink; in a transaction. */
    void save(Incident incident);

    /**
     * Makes this transaction the only writer of these grouping keys until it ends: another transaction that asks for
     * one of them waits. Locks are taken in one fixed order, so two batches sharing keys never deadlock on them (paths
     * that lock keys one at a time can, rarely: ADR 0012), and a
     * key with no open incident yet is locked too (a row lock on zero rows locks nothing, so two writers would both
     * open an incident). Every writer that may open an incident takes its key first (triage, heartbeats, backup
     * verdicts). PostgreSQL transaction-level advisory locks; in a transaction.
     *
     * @param groupingKeys in any order, duplicates allowed
     */
    void lockGroupingKeys(Collection<String> groupingKeys);

    /** An incident by id, row-locked. */
    Optional<Incident> findForUpdate(UUID id);

    /** The open incident of a grouping key, row-locked. */
    Optional<Incident> findOpenForUpdate(String groupingKey);

    /** The most recently opened incident of a grouping key (not locked). */
    Optional<Incident> findLatest(String groupingKey);

    /**
     * {@link #findOpenForUpdate(String)} for many keys in one statement: the open incident of each key that has one,
     * row-locked, by grouping key. Call it with the keys locked ({@link #lockGroupingKeys}).
     */
    Map<String, Incident> findOpenForUpdate(Collection<String> groupingKeys);

    /** {@link #findLatest(String)} for many keys in one statement: by grouping key, for the keys that had any. */
    Map<String, Incident> findLatest(Collection<String> groupingKeys);

    /**
     * Reads in one statement which of {@code services} have an open SEV1/SEV2 incident, so that for the others
     * {@link #openCriticalOfService} answers without a statement for the rest of this transaction, unless the
     * transaction itself holds an open SEV1/SEV2 incident of theirs (it opened or raised one).
     */
    void lookUpCriticalServices(Collection<String> services);

    /** An incident by id (not locked). */
    Optional<Incident> find(UUID id);

    /** An incident by number ({@code INC-<number>}, not locked). */
    Optional<Incident> findByNumber(long number);

    /** The key {@code INC-n} of an incident, for links between incidents. */
    Optional<String> keyOf(UUID id);

    /**
     * The oldest open SEV1/SEV2 incident of a service other than {@code except}, row-locked: a transaction resolving
     * it at the same time (another instance) is waited for, and an incident it resolved is not returned, so no child
     * is ever linked to a parent that is resolving.
     */
    Optional<Incident> openCriticalOfService(String service, UUID except);

    /** The open incidents inhibited by {@code parent}, oldest first. */
    List<UUID> openChildrenOf(UUID parent);

    /** Open incidents currently flapping, longest first. */
    List<UUID> openFlapping(int limit);

    /** Open incidents not under any maintenance window, oldest first. */
    List<UUID> openNotInMaintenance();

    /** Incidents under the window now, oldest first. */
    List<UUID> inMaintenanceWindow(UUID windowId);

    /** TRIGGERED incidents due to escalate at {@code now}, oldest due first. */
    List<UUID> dueForEscalation(Instant now, int limit);

    /** Unresolved incidents past their resolve target not yet recorded as missed. */
    List<UUID> dueForResolveBreach(Instant now, int limit);

    /** One page of incidents matching {@code filter}, newest first. */
    IncidentPage page(IncidentFilter filter);

    /**
     * An open incident whose alerts came from an Alertmanager, claimed for reconciliation.
     *
     * @param externalUrl the Alertmanager's external URL, as its webhook said
     */
    record ReconcileClaim(UUID id, String externalUrl) {
    }

    /**
     * Claims up to {@code limit} open Alertmanager incidents due for reconciliation at {@code now} and moves their next
     * check to {@code next}, in one statement: rows another instance holds are skipped, so concurrent instances claim
     * different incidents and each incident is checked once per interval.
     */
    List<ReconcileClaim> claimForReconciliation(Instant now, Instant next, int limit);
}
