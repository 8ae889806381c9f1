package io.tocsin.incident.triage.rules;

import io.tocsin.incident.incident.Alert;
import io.tocsin.incident.incident.AlertRepository;
import io.tocsin.incident.incident.AttachedAlert;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentMetrics;
import io.tocsin.incident.incident.IncidentRepository;
import io.tocsin.incident.incident.ResolutionFollowUp;
import io.tocsin.incident.incident.ResponseTargets;
import io.tocsin.incident.maintenance.MaintenanceWindows;
import io.tocsin.incident.timeline.Timeline;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The triage pipeline's rules, in the order triage runs them (heartbeats come first, {@code @Order(0)}, from their own
 * feature): dedup, inhibition, maintenance, storm, flapping. A new rule is one class implementing {@link TriageRule},
 * its unit test, and one {@code @Bean} here at its place in the order.
 */
@Configuration(proxyBeanMethods = false)
class TriageRules {

    @Bean
    @Order(10)
    DedupRule dedupRule(AlertRepository alerts) {
        return new DedupRule(fingerprint -> alerts.openIncidentFiring(fingerprint).isPresent());
    }

    @Bean
    @Order(20)
    InhibitionRule inhibitionRule(IncidentRepository incidents, AlertRepository alerts, ResponseTargets targets,
                                  Timeline timeline) {
        return new InhibitionRule(new InhibitionRule.Incidents() {
            @Override
            public Optional<Incident> openCriticalOfService(String service, UUID except) {
                return incidents.openCriticalOfService(service, except);
            }

            @Override
            public List<Incident> openChildrenOf(UUID parent) {
                return incidents.openChildrenOf(parent).stream()
                        .map(id -> incidents.findForUpdate(id).orElseThrow()).toList();
            }

            @Override
            public List<AttachedAlert> firingAlerts(UUID incidentId) {
                return alerts.firingAlerts(incidentId).stream().map(a -> a.attached(Alert.Status.FIRING, null)).toList();
            }

            @Override
            public void save(Incident incident) {
                incidents.save(incident);
            }
        }, targets, timeline::append);
    }

    /** Inhibition ends with its source: the {@link InhibitionRule}'s release, after every resolution. */
    @Bean
    ResolutionFollowUp inhibitionEnds(InhibitionRule inhibition) {
        return inhibition::parentResolved;
    }

    @Bean
    @Order(30)
    MaintenanceRule maintenanceRule(MaintenanceWindows windows) {
        return new MaintenanceRule(windows::activeAt, windows::enter);
    }

    @Bean
    @Order(40)
    StormRule stormRule(StormSettings settings, AlertRepository alerts, ResponseTargets targets, Timeline timeline) {
        return new StormRule(settings, alerts::attachedSince, targets, timeline::append);
    }

    @Bean
    @Order(50)
    FlappingRule flappingRule(FlappingSettings settings, AlertRepository alerts, Timeline timeline, IncidentMetrics metrics) {
        return new FlappingRule(settings, alerts::stateChangesSince, timeline::append, metrics::flappingStarted);
    }
}
