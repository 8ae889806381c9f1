package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A newcomer's path: start the default, post the sample payload as the README shows, read the incident. */
class StandaloneIT {

    @Test
    void servesWebhookAndIncidentApiWithinAMinuteOnEmbeddedInfrastructure() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        assertThat(tocsin.startup).isLessThan(Duration.ofMinutes(1));
        assertThat(tocsin.status(tocsin.ingestPort, "/health/ready")).isEqualTo(200);
        assertThat(tocsin.status(tocsin.incidentPort, "/health/ready")).isEqualTo(200);
        assertThat(Files.getPosixFilePermissions(tocsin.dataDir.resolve("api-token")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

        String sample;
        try (InputStream in = StandaloneIT.class.getResourceAsStream("/alertmanager/firing-single.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"service\":\"postgres\"", "\"service\":\"standalone-it\"");
        }
        var response = tocsin.postAlerts(sample);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"accepted\":1}");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                tocsin.api("/api/v1/incidents?service=standalone-it").get("total").asLong() == 1);
        JsonNode incident = tocsin.api("/api/v1/incidents?service=standalone-it").get("items").get(0);
        assertThat(incident.get("title").asString()).isEqualTo("PG down");
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
    }
}
