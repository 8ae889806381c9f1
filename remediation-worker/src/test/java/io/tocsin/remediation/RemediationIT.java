package io.tocsin.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tocsin.contracts.messages.AlertStatus;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.TocsinMessage;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TocsinInfrastructure;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of remediation-worker integration tests: one shared context on the shared broker and database,
 * the machine's Redis, and one WireMock server standing in for the Docker Engine API and for webhooks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=remediation-worker",
        "tocsin.remediation.catalogue=classpath:remediation/test-catalogue.yml",
        "tocsin.remediation.dry-run=true",
        "tocsin.remediation.poll-interval=100ms",
        "tocsin.remediation.outbox-retry-interval=2s",
        "tocsin.remediation.http.secrets.deploy-token=Bearer s3cret",
        "tocsin.remediation.docker.restart-budget=2",
        "tocsin.api.tokens=auditor-token=AUDITOR",
        "tocsin.remediation.approvals.sweep-interval=200ms",
        "spring.cloud.stream.bindings.planRemediation-in-0.consumer.back-off-initial-interval=100"})
@ContextConfiguration(initializers = TocsinInfrastructure.class)
public abstract class RemediationIT {

    protected static final WireMockServer targets = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        targets.start();
        targets.stubFor(any(urlPathMatching("/hook/.*")).atPriority(10).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void targetUrls(DynamicPropertyRegistry registry) {
        registry.add("tocsin.remediation.docker.host", () -> "tcp://127.0.0.1:" + targets.port());
    }

    protected static String hook(String name) {
        return targets.baseUrl() + "/hook/" + name;
    }

    /** A firing alert of a new incident, as incident-service announces it: an {@code AlertsAttached} of one alert. */
    protected static IncidentEvent.AlertsAttached alert(UUID incident, String key, String alertname, Map<String, String> extraLabels,
                                                        String hook) {
        return alerts(incident, key, alertname, extraLabels, hook, "00000000000000f1");
    }

    /** Firing alerts of one incident, one per fingerprint, in one {@code AlertsAttached}. */
    protected static IncidentEvent.AlertsAttached alerts(UUID incident, String key, String alertname,
                                                         Map<String, String> extraLabels, String hook, String... fingerprints) {
        Map<String, String> labels = new java.util.HashMap<>(extraLabels);
        labels.put("alertname", alertname);
        IncidentSummary s = new IncidentSummary(incident, key, alertname, "TRIGGERED", "SEV2", "svc", "g",
                fingerprints.length, fingerprints.length, "", Instant.now());
        return new IncidentEvent.AlertsAttached(UUID.randomUUID(), Instant.now(), s, java.util.Arrays.stream(fingerprints)
                .map(f -> new IncidentEvent.AttachedAlert(f, Instant.now(), AlertStatus.FIRING, labels,
                        hook == null ? Map.of() : Map.of("hook", hook), ""))
                .toList());
    }

    protected static void send(String topic, TocsinMessage message) {
        TestKafka.send(topic, message);
    }
}
