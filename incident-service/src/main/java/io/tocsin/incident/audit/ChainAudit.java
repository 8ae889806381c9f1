package io.tocsin.incident.audit;

import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.timeline.ChainVerification;
import io.tocsin.incident.timeline.Timeline;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Recomputes the hash chain of every incident with timeline entries in a period and stops at the first broken link
 * (design.md, Timeline hash chain) — for {@code GET /api/v1/audit/verify} and the console's audit page.
 */
@Service
public class ChainAudit {

    private final IncidentQueries incidents;
    private final Timeline timeline;

    ChainAudit(IncidentQueries incidents, Timeline timeline) {
        this.incidents = incidents;
        this.timeline = timeline;
    }

    /**
     * What an audit of a period found.
     *
     * @param intact           whether every chain checked verified
     * @param incidentsChecked chains recomputed, up to and including a broken one
     * @param entriesChecked   entries in the intact chains checked
     * @param incident         the broken chain's incident key ({@code null} when intact), with its id, the entry's
     *                         sequence, the reason and the expected and actual values at the broken link
     */
    public record Result(Instant from, Instant to, boolean intact, int incidentsChecked, int entriesChecked,
                         String incident, UUID incidentId, Integer sequence, String reason, String expected,
                         String actual) {
    }

    /** Audits the incidents with entries from {@code from} (inclusive) to {@code to}. */
    public Result verify(Instant from, Instant to) {
        int incidentsChecked = 0;
        int entriesChecked = 0;
        for (UUID id : timeline.incidentsWithEntriesBetween(from, to)) {
            ChainVerification v = timeline.verify(id);
            incidentsChecked++;
            if (!v.valid()) {
                return new Result(from, to, false, incidentsChecked, entriesChecked, incidents.find(id.toString()).key(),
                        id, v.brokenSequence(), v.reason(), v.expected(), v.actual());
            }
            entriesChecked += v.entries();
        }
        return new Result(from, to, true, incidentsChecked, entriesChecked, null, null, null, null, null, null);
    }
}
