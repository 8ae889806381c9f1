package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: the API is down (seed 000 §2 health checks, seed 004 §3.1 "Backend down"). The API process dies;
 * blackbox_exporter's probe of {@code /health/ready} fails, the shipped {@code ApiHealthCheckFailing} fires and Tocsin
 * opens a SEV2 and posts it to Slack. Nobody acknowledges: at the SEV2 acknowledge target (15 min, drill time 75 s)
 * the incident escalates to the next level, on the timeline and in Slack. The API comes back; the probe passes and the
 * incident resolves by itself. No runbook answers this alert (the seed's restart is for a crash loop).
 */
class ServiceDownDrill {

    @AfterEach
    void apiBack() throws Exception {
        DrillStack.get().api.start();
    }

    @Test
    void anUnacknowledgedOutageEscalatesAndResolvesWhenTheApiIsBack() throws Exception {
        DrillStack stack = DrillStack.get();
        DrillClient tocsin = new DrillClient(stack);
        Instant fault = Instant.now();
        stack.api.kill();

        JsonNode incident = tocsin.awaitIncident("api", "ApiHealthCheckFailing", Duration.ofSeconds(90));
        String key = incident.get("key").asString();
        assertThat(incident.get("severity").asString()).isEqualTo("SEV2");
        assertThat(incident.get("title").asString()).isEqualTo(stack.api.readinessUrl() + " fails its health probe");
        DrillClient.SlackCall root = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> tocsin.slackRoot(key), r -> true);
        assertThat(root.text()).contains("[SEV2] " + key, "Acknowledge");

        // No acknowledgement within the SEV2 target: escalated, and Slack says so.
        Duration ackTarget = DrillConfigs.scaled(Duration.ofMinutes(15));
        await().atMost(ackTarget.plusSeconds(45)).until(() -> tocsin.entries(key).stream().anyMatch(e -> e.startsWith("incident.escalated")));
        JsonNode escalated = tocsin.entry(key, "incident.escalated");
        Instant escalatedAt = Instant.parse(escalated.get("at").asString());
        assertThat(Duration.between(Instant.parse(incident.get("openedAt").asString()), escalatedAt))
                .isGreaterThanOrEqualTo(ackTarget);
        assertThat(escalated.get("summary").asString()).startsWith("Escalated to level 1 (on-call: #sre-oncall): not acknowledged");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.slackThread(root.ts()))
                .anyMatch(t -> t.startsWith("⏫ Escalated to level 1 (#sre-oncall): not acknowledged")));

        stack.api.start();
        Instant repaired = Instant.now();
        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(60));
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        assertThat(resolved.get("acknowledgedAt").isNull()).isTrue();
        assertThat(tocsin.entries(key)).containsSubsequence("incident.opened alertmanager", "alert.attached alertmanager",
                "incident.escalated system", "alert.resolved alertmanager", "incident.resolved alertmanager")
                .noneMatch(e -> e.startsWith("remediation."));
        assertThat(tocsin.chainValid(key)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV2] " + key));
        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("api/ApiHealthCheckFailing");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(incident));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("service-down (escalated at %d s; back at +%d s)".formatted(
                Duration.between(fault, escalatedAt).toSeconds(), Duration.between(fault, repaired).toSeconds()), fault, times);
    }
}
