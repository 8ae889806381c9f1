package io.tocsin.notify.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.notify.NotifierIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several senders on one queue (every notifier instance runs {@link OutboundSender}): two more senders race the
 * scheduled one over 40 deliveries of one incident; each reaches the webhook once, in the order they were queued.
 */
class OutboundSenderInstancesIT extends NotifierIT {

    @Autowired
    OutboundSender sender;
    @Autowired
    JdbcClient jdbc;

    @Test
    void threeSendersDeliverEachOnceAndInOrder() {
        UUID incident = UUID.randomUUID();
        for (int i = 0; i < 40; i++) {
            jdbc.sql("INSERT INTO outbound_delivery (destination, incident_id, route, body, dedupe_key) VALUES ('webhook', ?, 'payments', ?, ?)")
                    .params(incident, "{\"type\":\"instances-test\",\"incident\":{\"id\":\"" + incident + "\"},\"seq\":" + i + "}",
                            "instances-test:" + incident + ":" + i)
                    .update();
        }
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> { for (int i = 0; i < 20; i++) sender.deliverDue(); });
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> { for (int i = 0; i < 20; i++) sender.deliverDue(); });
        CompletableFuture.allOf(a, b).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbound_delivery WHERE incident_id = ? AND status = 'sent'").param(incident)
                .query(Long.class).single() == 40);
        List<Integer> seen = new ArrayList<>();
        slack.findAll(postRequestedFor(urlEqualTo("/hooks/tocsin"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> TocsinJson.mapper().readTree(r.getBodyAsString()))
                .filter(body -> incident.toString().equals(body.path("incident").path("id").asString(null)))
                .forEach(body -> seen.add(body.get("seq").asInt()));
        assertThat(seen).hasSize(40).isSorted().doesNotHaveDuplicates();
    }
}
