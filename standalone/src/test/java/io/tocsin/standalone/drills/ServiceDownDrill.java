package io.tocsin.standalone.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drill: the API is down (seed 000 §2 health checks, seed 004 §3.1 "Backend down"). The API process dies;
 * blackbox_exporter's probe of {@code /health/ready} fails, the shipped {@code ApiHealthCheckFailing} fires and Tocsin
 * opens a SEV2 and posts it to Slack. The drill's on-call policy for the API ({@link DrillConfigs#oncall}) pages the
 * on-call person of schedule {@code sre} at once: a {@code page.sent} entry, a mention in the thread and a direct
 * message with Acknowledge. Nobody acknowledges: at the SEV2 acknowledge target (15 min, drill time 75 s) the team
 * lead is paged, on the timeline and in Slack. The API comes back; the probe passes and the incident resolves by
 * itself. No runbook answers this alert (the seed's restart is for a crash loop).
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

        // Paged at once, by the drill's on-call policy: whoever schedule sre names now, by name on the timeline, with a
        // real mention in the thread and a direct message with Acknowledge.
        JsonNode onCall = tocsin.incidents("/api/v1/oncall/sre?at=" + incident.get("openedAt").asString()).get("paged")
                .get("person");
        String slackId = onCall.get("slackUserId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> pages(tocsin, key).size() == 1);
        JsonNode page = pages(tocsin, key).getFirst().get("details");
        assertThat(page.get("person").asString()).isEqualTo(onCall.get("id").asString());
        assertThat(page.get("level").asInt()).isEqualTo(1);
        assertThat(page.get("outcome").asString()).isEqualTo("paged");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.slackThread(root.ts()))
                .anyMatch(t -> t.startsWith("⏫ Escalated to level 1 (schedule sre): SEV2 opened") && t.contains("<@" + slackId + ">")));
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.slackCalls().stream().anyMatch(c ->
                c.method().equals("chat.postMessage") && slackId.equals(c.form().get("channel")) && c.text().contains(key)
                        && c.text().contains("incident_acknowledge")));

        // No acknowledgement within the SEV2 target: the team lead is paged, and Slack says so.
        Duration ackTarget = DrillConfigs.scaled(Duration.ofMinutes(15));
        await().atMost(ackTarget.plusSeconds(45)).until(() -> pages(tocsin, key).size() == 2);
        JsonNode lead = pages(tocsin, key).get(1);
        Instant escalatedAt = Instant.parse(lead.get("at").asString());
        assertThat(Duration.between(Instant.parse(incident.get("openedAt").asString()), escalatedAt))
                .isGreaterThanOrEqualTo(ackTarget);
        assertThat(lead.get("summary").asString()).isEqualTo("Paged Lee Lead (person lead) at level 2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tocsin.slackThread(root.ts()))
                .anyMatch(t -> t.startsWith("⏫ Escalated to level 2 (person lead): not acknowledged")
                        && t.contains("<@U0DRILLLEAD>")));

        stack.api.start();
        Instant repaired = Instant.now();
        JsonNode resolved = tocsin.awaitResolved(key, Duration.ofSeconds(60));
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alertmanager");
        assertThat(resolved.get("acknowledgedAt").isNull()).isTrue();
        assertThat(tocsin.entries(key)).containsSubsequence("incident.opened alertmanager", "alert.attached alertmanager",
                "incident.escalated system", "page.sent system", "incident.escalated system", "page.sent system",
                "alert.resolved alertmanager", "incident.resolved alertmanager")
                .noneMatch(e -> e.startsWith("remediation."));
        assertThat(tocsin.chainValid(key)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tocsin.slackUpdates(root.ts())).last().asString().startsWith("✅ [SEV2] " + key));
        assertThat(tocsin.alertsOpenedSince(fault)).containsExactly("api/ApiHealthCheckFailing");

        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("detected", DrillClient.firingSince(incident));
        times.put("opened", Instant.parse(incident.get("openedAt").asString()));
        times.put("resolved", Instant.parse(resolved.get("resolvedAt").asString()));
        tocsin.recordTimes("service-down (lead paged at %d s; back at +%d s)".formatted(
                Duration.between(fault, escalatedAt).toSeconds(), Duration.between(fault, repaired).toSeconds()), fault, times);
    }

    private static List<JsonNode> pages(DrillClient tocsin, String key) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        tocsin.timeline(key).forEach(e -> {
            if (e.get("type").asString().equals("page.sent")) {
                pages.add(e);
            }
        });
        return pages;
    }
}
