package io.tocsin.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.contracts.messages.IncidentSummary;
import io.tocsin.contracts.messages.Topics;
import io.tocsin.common.test.TestKafka;
import io.tocsin.common.test.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Responders act from Slack: signed buttons and slash commands become incident commands; nothing else gets in. */
class SlackInIT extends NotifierIT {

    private UUID openIncident(String key, String status) {
        UUID id = UUID.randomUUID();
        IncidentSummary s = summary(id, key, status, "SEV2", 1, 1);
        send(Topics.INCIDENT_EVENTS, attached(s, "commands", 1));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(slashCommand("status " + key, "U1")).path("text").asString().contains(key + "*"));
        return id;
    }

    @Test
    void acknowledgeButtonPublishesCommandWithSlackActor() {
        UUID id = openIncident("INC-201", "TRIGGERED");
        String payload = TocsinJson.mapper().writeValueAsString(Map.of("type", "block_actions",
                "user", Map.of("id", "U123ABC"), "response_url", slack.baseUrl() + "/response-url",
                "actions", List.of(Map.of("action_id", "incident_acknowledge", "value", id.toString()))));

        HttpResponse<String> response = signedPost("/slack/interactions", form(Map.of("payload", payload)), Instant.now());

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(id.toString()).stream()
                .anyMatch(r -> "AcknowledgeIncident".equals(TopicReader.header(r, "ce_type"))));
        JsonNode command = TocsinJson.mapper().readTree(commandsFor(id.toString()).getFirst().value());
        assertThat(command.get("actor").asString()).isEqualTo("slack:U123ABC");
        assertThat(command.get("incident").asString()).isEqualTo(id.toString());
    }

    @Test
    void slashCommandsAckStatusListAndExplainResolvedOrUnknownIncidents() {
        UUID id = openIncident("INC-202", "TRIGGERED");
        JsonNode ack = json(slashCommand("ack INC-202 looking now", "U777"));
        assertThat(ack.get("response_type").asString()).isEqualTo("ephemeral");
        assertThat(ack.get("text").asString()).isEqualTo("Acknowledging INC-202 …");
        await().atMost(Duration.ofSeconds(20)).until(() -> !commandsFor(id.toString()).isEmpty());
        JsonNode command = TocsinJson.mapper().readTree(commandsFor(id.toString()).getFirst().value());
        assertThat(command.get("actor").asString()).isEqualTo("slack:U777");
        assertThat(command.get("note").asString()).isEqualTo("looking now");

        assertThat(json(slashCommand("list", "U777")).get("text").asString()).contains("INC-202");
        assertThat(json(slashCommand("ack INC-999999", "U777")).get("text").asString()).isEqualTo("No incident INC-999999.");
        assertThat(json(slashCommand("", "U777")).get("text").asString()).startsWith("Usage:");

        UUID resolved = openIncident("INC-203", "RESOLVED");
        assertThat(json(slashCommand("resolve INC-203", "U777")).get("text").asString()).isEqualTo("INC-203 is already resolved.");

        // A note goes to the timeline, also of a resolved incident; without text, the usage.
        assertThat(json(slashCommand("note INC-203 root cause: expired TLS cert on the LB", "U777")).get("text").asString())
                .isEqualTo("Adding your note to INC-203 …");
        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(resolved.toString()).stream()
                .anyMatch(r -> "AddTimelineNote".equals(TopicReader.header(r, "ce_type"))));
        JsonNode noted = TocsinJson.mapper().readTree(commandsFor(resolved.toString()).getLast().value());
        assertThat(noted.get("note").asString()).isEqualTo("root cause: expired TLS cert on the LB");
        assertThat(noted.get("actor").asString()).isEqualTo("slack:U777");
        assertThat(json(slashCommand("note INC-203", "U777")).get("text").asString()).startsWith("Usage:");

        // Severity by people, with a reason.
        assertThat(json(slashCommand("sev INC-202 sev1 every region is down", "U777")).get("text").asString())
                .isEqualTo("Setting INC-202 to SEV1 …");
        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(id.toString()).stream()
                .anyMatch(r -> "ChangeSeverity".equals(TopicReader.header(r, "ce_type"))));
        JsonNode sev = TocsinJson.mapper().readTree(commandsFor(id.toString()).getLast().value());
        assertThat(sev.get("severity").asString()).isEqualTo("SEV1");
        assertThat(sev.get("reason").asString()).isEqualTo("every region is down");
        assertThat(json(slashCommand("sev INC-202 SEV1", "U777")).get("text").asString()).startsWith("Give a reason:");
        assertThat(json(slashCommand("sev INC-202 P0 all down", "U777")).get("text").asString())
                .isEqualTo("Severity must be SEV1, SEV2, SEV3 or SEV4, not P0.");
        assertThat(json(slashCommand("sev INC-203 SEV1 too late", "U777")).get("text").asString())
                .isEqualTo("INC-203 is already resolved.");
    }

    @Test
    void unsignedForgedStaleAlteredOrReplayedRequestsAre401AndDoNothing() {
        UUID id = openIncident("INC-204", "TRIGGERED");
        String body = form(Map.of("command", "/incident", "text", "ack INC-204", "user_id", "UEVIL"));
        long now = Instant.now().getEpochSecond();
        String goodSignature = new io.tocsin.notify.slack.inbound.SlackSignatureVerifier(SIGNING_SECRET,
                Duration.ofSeconds(300), java.time.Clock.systemUTC()).sign(String.valueOf(now), body.getBytes());

        assertThat(postForm("/slack/commands", body, null, null).statusCode()).isEqualTo(401);
        assertThat(postForm("/slack/commands", body, String.valueOf(now), "v0=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(signedPost("/slack/commands", body, Instant.now().minusSeconds(301)).statusCode()).isEqualTo(401);
        assertThat(signedPost("/slack/commands", body, Instant.now().plusSeconds(360)).statusCode()).isEqualTo(401);
        assertThat(postForm("/slack/commands", body.replace("UEVIL", "UADMIN"), String.valueOf(now), goodSignature)
                .statusCode()).isEqualTo(401);
        HttpResponse<String> first = postForm("/slack/commands", body, String.valueOf(now), goodSignature);
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> replay = postForm("/slack/commands", body, String.valueOf(now), goodSignature);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay).get("error").asString()).isEqualTo("unauthorized");

        await().atMost(Duration.ofSeconds(20)).until(() -> !commandsFor(id.toString()).isEmpty());
        assertThat(commandsFor(id.toString())).hasSize(1);
    }

    private HttpResponse<String> click(String actionId, String value, String user) {
        String payload = TocsinJson.mapper().writeValueAsString(Map.of("type", "block_actions",
                "user", Map.of("id", user), "response_url", slack.baseUrl() + "/response-url",
                "actions", List.of(Map.of("action_id", actionId, "value", value))));
        return signedPost("/slack/interactions", form(Map.of("payload", payload)), Instant.now());
    }

    private static List<ConsumerRecord<String, byte[]>> decisionsFor(UUID execution) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_COMMANDS).stream()
                .filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(execution.toString())).toList();
    }

    @Test
    void onlyTheRunbooksApproversMayDecideAnApprovalRequestAndOthersAreToldSoPrivately() {
        UUID id = openIncident("INC-205", "TRIGGERED");
        UUID execution = UUID.randomUUID();
        slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/usergroups.users.list"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("usergroup=SDBAS"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"ok\":true,\"users\":[\"UDBA1\",\"UDBA2\"]}")));
        send(Topics.REMEDIATION_RESULTS, new io.tocsin.contracts.messages.RemediationResult.RemediationAwaitingApproval(
                UUID.randomUUID(), Instant.now(), id, execution, "postgres-connection-pool-exhausted", 1,
                "docker.restart-container", Map.of("container", "pgbouncer"), List.of("ULEAD"), List.of("SDBAS"),
                Instant.now().plus(Duration.ofMinutes(30))));
        await().atMost(Duration.ofSeconds(20)).until(() -> slack.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/chat.postMessage"))).stream()
                .anyMatch(r -> r.getBodyAsString().contains(execution.toString())));
        int responses = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/response-url"))).size();

        // Someone else: an ephemeral "not allowed", and no command.
        assertThat(click("remediation_approve", id + ":" + execution, "UINTERN").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> slack.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/response-url"))).size() > responses);
        String refusal = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/response-url"))).getLast().getBodyAsString();
        assertThat(refusal).contains("\"response_type\":\"ephemeral\"").contains("not allowed").contains("<@ULEAD>")
                .contains("<!subteam^SDBAS>");

        // A member of the approver group, and a listed approver: their decisions are sent.
        click("remediation_reject", id + ":" + execution, "UDBA2");
        click("remediation_approve", id + ":" + execution, "ULEAD");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisionsFor(execution).size() == 2);
        assertThat(decisionsFor(execution)).extracting(r -> TocsinJson.mapper().readTree(r.value()).get("actor").asString())
                .containsExactlyInAnyOrder("slack:UDBA2", "slack:ULEAD");
    }

    @Test
    void peopleDeclareIncidentsAndTakeRolesFromSlack() {
        JsonNode declared = json(slashCommand("declare SEV2 service=payments EU customers cannot pay", "U0ALICE"));
        assertThat(declared.get("text").asString()).startsWith("Declaring a SEV2 incident on payments: EU customers cannot pay");
        await().atMost(Duration.ofSeconds(20)).until(() -> declarations("U0ALICE").size() == 1);
        JsonNode declare = declarations("U0ALICE").getFirst();
        assertThat(declare.get("severity").asString()).isEqualTo("SEV2");
        assertThat(declare.get("service").asString()).isEqualTo("payments");
        assertThat(declare.get("title").asString()).isEqualTo("EU customers cannot pay");
        assertThat(java.util.UUID.fromString(declare.get("incident").asString())).as("the new incident's id").isNotNull();
        assertThat(json(slashCommand("declare SEV7 it broke", "U0ALICE")).get("text").asString())
                .startsWith("Severity must be SEV1");

        UUID id = openIncident("INC-206", "TRIGGERED");
        assertThat(json(slashCommand("lead INC-206 <@U0BOB|bob>", "U0ALICE")).get("text").asString())
                .isEqualTo("Making <@U0BOB> incident lead of INC-206 …");
        json(slashCommand("comms INC-206 me", "U0CAROL"));
        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(id.toString()).size() == 2);
        assertThat(commandsFor(id.toString())).extracting(r -> TocsinJson.mapper().readTree(r.value()))
                .extracting(c -> c.get("role").asString() + "=" + c.get("assignee").asString() + " by " + c.get("actor").asString())
                .containsExactly("lead=slack:U0BOB by slack:U0ALICE", "comms=slack:U0CAROL by slack:U0CAROL");
    }

    @Test
    void customerUpdatesAreWrittenInOneLineOrInTheModal() {
        UUID id = openIncident("INC-207", "TRIGGERED");
        assertThat(json(slashCommand("update INC-207 identified A bad deploy; rolling back", "U0CAROL")).get("text").asString())
                .isEqualTo("Publishing the identified update of INC-207 …");
        assertThat(json(slashCommand("update INC-207 fixed it", "U0CAROL")).get("text").asString()).startsWith("Usage:");

        // Without text, the template opens as a modal (views.open with the command's trigger_id) ...
        slack.stubFor(post(urlEqualTo("/api/views.open")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"view\":{\"id\":\"V1\"}}")));
        HttpResponse<String> modal = slashCommand("update INC-207", "U0CAROL");
        assertThat(modal.statusCode()).isEqualTo(200);
        assertThat(modal.body()).isEmpty();
        var opened = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/api/views.open")));
        assertThat(opened).isNotEmpty();
        String view = java.net.URLDecoder.decode(opened.getLast().getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(view).contains("\"callback_id\":\"status_update\"", "\"private_metadata\":\"" + id + "\"", "Next update in");

        // ... and its submission is published; a missing field is shown next to it and nothing is published.
        Map<String, Object> values = Map.of(
                "status", Map.of("status", Map.of("type", "static_select", "selected_option", Map.of("value", "monitoring"))),
                "message", Map.of("message", Map.of("type", "plain_text_input", "value", "Rolled back; error rate normal.")),
                "impact", Map.of("impact", Map.of("type", "plain_text_input", "value", "")),
                "workaround", Map.of("workaround", Map.of("type", "plain_text_input", "value", "")),
                "next_update", Map.of("next_update", Map.of("type", "static_select", "selected_option", Map.of("value", "30"))),
                "title", Map.of("title", Map.of("type", "plain_text_input", "value", "Checkout errors")));
        HttpResponse<String> submitted = signedPost("/slack/interactions", form(Map.of("payload", TocsinJson.mapper()
                .writeValueAsString(Map.of("type", "view_submission", "user", Map.of("id", "U0CAROL"), "view", Map.of(
                        "callback_id", "status_update", "private_metadata", id.toString(),
                        "state", Map.of("values", values)))))), Instant.now());
        assertThat(submitted.statusCode()).isEqualTo(200);
        Map<String, Object> empty = new java.util.HashMap<>(values);
        empty.put("message", Map.of("message", Map.of("type", "plain_text_input", "value", " ")));
        HttpResponse<String> refused = signedPost("/slack/interactions", form(Map.of("payload", TocsinJson.mapper()
                .writeValueAsString(Map.of("type", "view_submission", "user", Map.of("id", "U0CAROL"), "view", Map.of(
                        "callback_id", "status_update", "private_metadata", id.toString(),
                        "state", Map.of("values", empty)))))), Instant.now());
        assertThat(json(refused).get("response_action").asString()).isEqualTo("errors");
        assertThat(json(refused).get("errors").get("message").asString()).isEqualTo("Say what customers should know.");

        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(id.toString()).size() == 2);
        List<JsonNode> updates = commandsFor(id.toString()).stream().map(r -> TocsinJson.mapper().readTree(r.value())).toList();
        assertThat(updates).extracting(u -> u.get("status").asString()).containsExactly("identified", "monitoring");
        assertThat(updates.get(1).get("message").asString()).isEqualTo("Rolled back; error rate normal.");
        assertThat(updates.get(1).get("publicTitle").asString()).isEqualTo("Checkout errors");
        assertThat(updates.get(1).path("impact").isNull() || updates.get(1).path("impact").isMissingNode()).isTrue();
        assertThat(java.time.Instant.parse(updates.get(1).get("nextUpdateAt").asString()))
                .isAfter(Instant.now().plusSeconds(25 * 60));
    }

    private static List<JsonNode> declarations(String user) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_COMMANDS).stream()
                .filter(r -> "DeclareIncident".equals(TopicReader.header(r, "ce_type")))
                .map(r -> TocsinJson.mapper().readTree(r.value()))
                .filter(c -> ("slack:" + user).equals(c.get("actor").asString())).toList();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return TocsinJson.mapper().readTree(response.body());
    }

    private static List<ConsumerRecord<String, byte[]>> commandsFor(String incident) {
        return TopicReader.readAll(TestKafka.bootstrapServers(), Topics.INCIDENT_COMMANDS).stream()
                .filter(r -> incident.equals(r.key())).toList();
    }
}
