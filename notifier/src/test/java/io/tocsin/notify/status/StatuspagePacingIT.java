package io.tocsin.notify.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.notify.NotifierIT;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Statuspage allows one request per second per API key, and every notifier instance uses the same key (issue 17):
 * three instances ticking at once still send one request per interval between them.
 */
class StatuspagePacingIT extends NotifierIT {

    @Autowired
    StatuspageConnector connector;
    @Autowired
    JdbcClient jdbc;

    @Test
    void threeInstancesTickingTogetherSendOneRequestPerInterval() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int n = 1; n <= 4; n++) {
            IncidentSummary s = new IncidentSummary(UUID.randomUUID(), "INC-45" + n, "Paced " + run + " " + n,
                    "TRIGGERED", "SEV1", "checkout", "g", 1, 1, "", Instant.now());
            send(Topics.INCIDENT_EVENTS, new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), s,
                    List.of(new IncidentEvent.AttachedAlert("00000000000045a" + n, Instant.now(), AlertStatus.FIRING,
                            // Customers read "Major outage: <component>": this run's own component marks its requests.
                            Map.of("alertname", "Paced", "service", "checkout", "status_page_component", "paced-" + run + "-" + n),
                            Map.of(), ""))));
        }
        // All four wait to be sent before the instances tick, so the pacing below is theirs, not the context's schedule.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM statuspage_incident s JOIN incident_view v ON v.incident_id = s.incident_id
                        WHERE v.title LIKE ?""").param("Paced " + run + "%").query(Long.class).single() == 4);
        ExecutorService instances = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            instances.submit(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                while (System.nanoTime() < until) {
                    connector.syncOne(); // one instance's tick; each ticks far more often than the interval here
                }
            });
        }
        instances.shutdown();
        assertThat(instances.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(run).size() == 4);

        // Measured where Statuspage counts them, on arrival. Without the shared slot they come ~0 ms apart.
        List<LoggedRequest> requests = requests(run);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(Duration.between(requests.get(i - 1).getLoggedDate().toInstant(),
                    requests.get(i).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        }
    }

    private static List<LoggedRequest> requests(String run) {
        return slack.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith("/statuspage/") && r.getBodyAsString().contains("paced-" + run))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }
}
