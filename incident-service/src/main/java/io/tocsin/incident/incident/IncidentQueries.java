package io.tocsin.incident.incident;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reads responders and auditors make: one incident by reference, with its alerts; a filtered page. */
@Service
public class IncidentQueries {

    private static final Pattern KEY = Pattern.compile("(?i)INC-(\\d{1,18})");
    private final IncidentRepository incidents;
    private final AlertRepository alerts;

    IncidentQueries(IncidentRepository incidents, AlertRepository alerts) {
        this.incidents = incidents;
        this.alerts = alerts;
    }

    /**
     * One incident with its alerts.
     *
     * @throws IncidentNotFound for an unknown reference
     */
    @Transactional(readOnly = true)
    public IncidentDetails details(String reference) {
        Incident incident = find(reference);
        String previousKey = incident.origin().previousIncidentId() == null ? null
                : incidents.keyOf(incident.origin().previousIncidentId()).orElse(null);
        return new IncidentDetails(incident, alerts.alertsOf(incident.id()), previousKey);
    }

    /** A page of incidents, newest first. */
    @Transactional(readOnly = true)
    public IncidentPage page(IncidentFilter filter) {
        return incidents.page(filter);
    }

    /**
     * Finds an incident by UUID or {@code INC-<n>}.
     *
     * @throws IncidentNotFound when there is none
     */
    @Transactional(readOnly = true)
    public Incident find(String reference) {
        return find(incidents, reference, false);
    }

    /**
     * Finds an incident by UUID or {@code INC-<n>} (case-insensitive, surrounding blanks ignored), row-locked when
     * {@code forUpdate}.
     *
     * @throws IncidentNotFound when there is none, or the reference is neither
     */
    public static Incident find(IncidentRepository incidents, String reference, boolean forUpdate) {
        if (reference == null) {
            throw new IncidentNotFound("null");
        }
        Matcher key = KEY.matcher(reference.strip());
        Optional<Incident> found;
        if (key.matches()) {
            found = incidents.findByNumber(Long.parseLong(key.group(1)));
            if (forUpdate) {
                found = found.flatMap(i -> incidents.findForUpdate(i.id()));
            }
        } else {
            UUID id;
            try {
                id = UUID.fromString(reference.strip());
            } catch (IllegalArgumentException e) {
                throw new IncidentNotFound(reference);
            }
            found = forUpdate ? incidents.findForUpdate(id) : incidents.find(id);
        }
        return found.orElseThrow(() -> new IncidentNotFound(reference));
    }
}
