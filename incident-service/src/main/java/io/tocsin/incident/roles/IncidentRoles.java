package io.tocsin.incident.roles;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentChange;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineDetails;
import io.tocsin.incident.timeline.TimelineEntryType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assigns the roles of seed 004 on an incident ({@code /incident lead @user}, {@code /incident comms @user},
 * {@code POST /api/v1/incidents/{id}/roles}, command {@code AssignRole}): {@code lead} (incident lead) and {@code comms}
 * (communications lead), one holder each ({@code incident_role}); each assignment is a {@code role.assigned} timeline
 * entry by the person who made it, and an {@code IncidentRoleAssigned} event (the Slack thread and root show it).
 */
@Service
public class IncidentRoles {

    /** The roles, and how the timeline names them. */
    public static final Map<String, String> ROLES = Map.of("lead", "incident lead", "comms", "communications lead");
    private static final Logger log = LoggerFactory.getLogger(IncidentRoles.class);

    private final IncidentRepository incidents;
    private final Timeline timeline;
    private final JdbcClient jdbc;
    private final Clock clock;

    IncidentRoles(IncidentRepository incidents, Timeline timeline, JdbcClient jdbc, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A role's holder: who, assigned by whom, when. */
    public record Holder(String assignee, String assignedBy, Instant assignedAt) {
    }

    /**
     * Gives {@code role} to {@code assignee}; giving it to its holder again changes nothing. Allowed while the incident
     * is open and after (the post-mortem names who led).
     *
     * @param reference UUID or {@code INC-<n>}
     * @param role      {@code lead} or {@code comms}, any case
     * @param assignee  {@code slack:U123} or a name, at most 200 characters
     * @param by        who assigns
     * @throws IllegalArgumentException naming the field that is malformed
     * @throws io.tocsin.incident.incident.IncidentNotFound for an unknown reference
     */
    @Transactional
    public Incident assign(String reference, String role, String assignee, String by) {
        String r = role == null ? "" : role.strip().toLowerCase(Locale.ROOT);
        if (!ROLES.containsKey(r)) {
            throw new IllegalArgumentException("role: must be lead or comms, was '" + role + "'");
        }
        if (assignee == null || assignee.isBlank() || assignee.strip().length() > 200) {
            throw new IllegalArgumentException("assignee: is required, at most 200 characters");
        }
        String who = assignee.strip();
        Incident incident = IncidentQueries.find(incidents, reference, true);
        Optional<Holder> before = holder(incident.id(), r);
        if (before.isPresent() && before.get().assignee().equals(who)) {
            return incident;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO incident_role (incident_id, role, assignee, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (incident_id, role) DO UPDATE SET assignee = excluded.assignee,
                            assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at""")
                .params(incident.id(), r, who, by, Timestamp.from(now)).update();
        timeline.append(incident.id(), now, TimelineEntryType.ROLE_ASSIGNED, by, who + " is " + ROLES.get(r) + " (assigned by "
                + by + ")", new TimelineDetails.RoleAssigned(r, who, before.map(Holder::assignee).orElse(null)));
        incident.record(new IncidentChange.RoleAssigned(UUID.randomUUID(), now, r, who, by));
        incidents.save(incident);
        log.info("incident.role_assigned incident={} role={} by={}", incident.key(), r, by);
        return incident;
    }

    /** The holders of an incident's roles, by role. */
    public Map<String, Holder> of(UUID incidentId) {
        Map<String, Holder> holders = new LinkedHashMap<>();
        jdbc.sql("SELECT role, assignee, assigned_by, assigned_at FROM incident_role WHERE incident_id = ? ORDER BY role")
                .param(incidentId)
                .query((rs, n) -> holders.put(rs.getString(1), new Holder(rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant())))
                .list();
        return holders;
    }

    private Optional<Holder> holder(UUID incidentId, String role) {
        return Optional.ofNullable(of(incidentId).get(role));
    }
}
