package io.tocsin.incident.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.messages.AlertReceived;
import io.tocsin.contracts.messages.ChangeReceived;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.incident.IncidentServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Recent deploy?" (seed 004): changes reported on {@code changes.v1} show on the incidents of their service that open
 * within the window after them (default 1 h), whether the change or the incident arrives first; never twice.
 */
class RecentChangesIT extends IncidentServiceIT {

    @Test
    void aDeployBeforeTheIncidentIsOnItsTimelineAndOneOutsideTheWindowIsNot() {
        String service = "shop-" + UUID.randomUUID();
        ChangeReceived deploy = change(service, "Deploy shop v2.3.1", now().minus(Duration.ofMinutes(4)));
        send(Topics.CHANGES, deploy);
        send(Topics.CHANGES, deploy); // redelivered
        send(Topics.CHANGES, change(service, "Deploy shop v2.2.0", now().minus(Duration.ofHours(3))));
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(deploy.eventId()));

        String group = uniqueGroup("ShopErrors");
        send(Topics.ALERTS, alert(group, service));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        List<JsonNode> linked = entries(key, "change.linked");
        assertThat(linked).hasSize(1);
        assertThat(linked.getFirst().get("summary").asString())
                .isEqualTo("Recent change to " + service + " 4 min before: Deploy shop v2.3.1 (argo-cd)");
        assertThat(linked.getFirst().get("details").get("links").get(0).get("href").asString())
                .isEqualTo("https://ci.example/builds/231");
        assertThat(linked.getFirst().get("details").get("customDetails").get("version").asString()).isEqualTo("v2.3.1");
    }

    @Test
    void aDeployReportedAfterTheIncidentOpenedIsLinkedWhenItArrives() {
        String service = "cart-" + UUID.randomUUID();
        String group = uniqueGroup("CartErrors");
        send(Topics.ALERTS, alert(group, service));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidentsOfGroup(group).size() == 1);
        String key = incidentsOfGroup(group).get(0).get("key").asString();

        // The pipeline reports the deploy when it finished, after the incident opened; it began 2 minutes before.
        ChangeReceived deploy = change(service, "Deploy cart v9", now().minus(Duration.ofMinutes(2)));
        send(Topics.CHANGES, deploy);
        send(Topics.CHANGES, deploy);
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(key, "change.linked").size() == 1);
        ChangeReceived later = change(service, "Config change cart", now().plus(Duration.ofMinutes(30)));
        send(Topics.CHANGES, later); // after the incident opened: not a cause, not shown
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded(later.eventId()));
        assertThat(entries(key, "change.linked")).hasSize(1);
        assertThat(json(get("/api/v1/incidents/" + key + "/timeline/verification", AUDITOR)).get("valid").asBoolean()).isTrue();
    }

    private boolean recorded(UUID change) {
        return jdbc.sql("SELECT count(*) FROM change_event WHERE id = ?").param(change).query(Long.class).single() == 1;
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private static ChangeReceived change(String service, String summary, Instant at) {
        return new ChangeReceived(UUID.randomUUID(), Instant.now(), service, summary, "argo-cd", at,
                Map.of("version", summary.substring(summary.lastIndexOf(' ') + 1)),
                List.of(new ChangeReceived.Link("https://ci.example/builds/231", "Build 231")), Instant.now());
    }

    private static AlertReceived alert(String group, String service) {
        return firing(group, UUID.randomUUID().toString().replace("-", "").substring(0, 16), now(),
                Map.of("alertname", "HighErrorRate", "service", service, "severity", "critical"), Map.of());
    }
}
