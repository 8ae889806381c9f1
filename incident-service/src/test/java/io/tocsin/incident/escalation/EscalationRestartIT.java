package io.tocsin.incident.escalation;

import io.tocsin.incident.IncidentServiceApplication;
import io.tocsin.incident.IncidentServiceIT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TocsinInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.tocsin.platform.jdbc.scheduling.ClusterScheduling;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Escalation survives a restart: one instance escalates an incident to level 1 and a freshly started instance,
 * whose clock stands at the next due time, takes it to level 2 from what the first left in the database
 * (level and due time on the incident row), with no message and no call in between.
 */
class EscalationRestartIT extends IncidentServiceIT {

    @Autowired
    Escalations incidents;
    @Autowired
    ClusterScheduling scheduling;

    @Test
    void aFreshInstanceEscalatesFromTheDueTimeThePreviousOneStored() {
        String group = uniqueGroup("RestartEscalation");
        send(Topics.ALERTS, firing(group, Long.toHexString(UUID.randomUUID().getMostSignificantBits()), now(),
                Map.of("alertname", "RestartEscalation", "severity", "critical"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        JsonNode incident = incidentsOfGroup(group).get(0);
        UUID id = UUID.fromString(incident.get("id").asString());
        String key = incident.get("key").asString();
        Instant opened = Instant.parse(incident.get("openedAt").asString());
        assertThat(incidents.escalateIfDue(id, opened.plus(Duration.ofMinutes(15)))).isTrue(); // SEV2: 15 min

        Clock atLevelTwo = Clock.fixed(opened.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
        scheduling.stop(); // the first instance is gone: the due-work task is the fresh instance's alone
        try (ConfigurableApplicationContext restarted = freshInstance(atLevelTwo)) {
            // Its scheduler takes the cluster's due-work task and scans with the fixed clock.
            await().atMost(Duration.ofSeconds(30)).until(() -> levels(key).size() == 2);
        } finally {
            scheduling.start();
        }
        assertThat(levels(key)).containsExactly(1, 2);
        List<String> targets = new ArrayList<>();
        for (JsonNode e : json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))) {
            if (e.get("type").asString().equals("incident.escalated")) {
                targets.add(e.get("details").get("target").asString());
            }
        }
        assertThat(targets).containsExactly("#sre-oncall", "@team-leads");
    }

    private List<Integer> levels(String key) {
        List<Integer> levels = new ArrayList<>();
        for (JsonNode e : json(get("/api/v1/incidents/" + key + "/timeline", AUDITOR))) {
            if (e.get("type").asString().equals("incident.escalated")) {
                levels.add(e.get("details").get("level").asInt());
            }
        }
        return levels;
    }

    /**
     * A second incident-service on the same database and broker, consuming nothing (so it only does what its
     * scheduler finds due), with a heartbeat that is never armed so other tests' heartbeats are left alone.
     */
    private static ConfigurableApplicationContext freshInstance(Clock clock) {
        // Command-line arguments: they outrank incident-service.yml (builder properties would not, and
        // server.port would fall back to 8082, which may be taken).
        return new SpringApplicationBuilder(IncidentServiceApplication.class)
                .initializers(new TocsinInfrastructure(),
                        ctx -> ctx.getBeanFactory().registerSingleton("clock", clock))
                .run("--spring.config.name=" + IncidentServiceApplication.CONFIG_NAME,
                        "--server.port=0",
                        "--tocsin.api.tokens=restart-token=ADMIN",
                        "--tocsin.incident.heartbeats[0].name=restart-it-never",
                        "--tocsin.incident.heartbeats[0].alertname=RestartItNeverSent",
                        "--tocsin.incident.heartbeats[0].interval=10m",
                        "--tocsin.incident.heartbeats[0].title=never",
                        "--spring.cloud.stream.bindings.triageAlert-in-0.consumer.auto-startup=false",
                        "--spring.cloud.stream.bindings.applyIncidentCommand-in-0.consumer.auto-startup=false",
                        "--spring.cloud.stream.bindings.recordRemediation-in-0.consumer.auto-startup=false",
                        "--spring.cloud.stream.bindings.recordBackupVerification-in-0.consumer.auto-startup=false",
                        "--spring.modulith.events.republish-outstanding-events-on-restart=false");
    }
}
