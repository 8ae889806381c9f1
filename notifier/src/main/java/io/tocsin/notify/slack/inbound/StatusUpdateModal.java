package io.tocsin.notify.slack.inbound;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;

import com.slack.api.model.view.View;
import com.slack.api.model.view.Views;
import io.tocsin.notify.incidents.IncidentView;
import io.tocsin.notify.slack.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code /incident update} modal (api.slack.com/surfaces/modals): seed 004's customer update template — status,
 * what we know, impact, workaround, next update in — plus an optional public title; and the reading of its
 * {@code view_submission}. Block ids are the field names; the incident's id travels in {@code private_metadata}.
 */
final class StatusUpdateModal {

    /** The modal's {@code callback_id}. */
    static final String CALLBACK_ID = "status_update";
    /** The customer-facing phases (Statuspage's incident statuses, seed 004). */
    static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");

    private StatusUpdateModal() {
    }

    /** The modal for an incident, its status preset to the phase customers see now. */
    static View view(IncidentView incident, String phase) {
        return Views.view(v -> v.type("modal").callbackId(CALLBACK_ID).privateMetadata(incident.incidentId().toString())
                .title(Views.viewTitle(t -> t.type("plain_text").text("Customer update")))
                .submit(Views.viewSubmit(t -> t.type("plain_text").text("Publish")))
                .close(Views.viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(List.of(
                        section(s -> s.text(markdownText("*" + incident.key() + "* " + SlackText.escape(incident.title())
                                + "\nPublished to the status page and Statuspage. Say what is known; no speculation."))),
                        input(i -> i.blockId("status").label(plainText("Status")).element(staticSelect(e -> e.actionId("status")
                                .initialOption(option(plainText(capitalized(phase)), phase))
                                .options(STATUSES.stream().map(st -> option(plainText(capitalized(st)), st)).toList())))),
                        input(i -> i.blockId("message").label(plainText("What we know")).element(plainTextInput(e -> e
                                .actionId("message").multiline(true).maxLength(4000)))),
                        input(i -> i.blockId("impact").optional(true).label(plainText("Impact")).element(plainTextInput(e -> e
                                .actionId("impact").placeholder(plainText("Who is affected and how"))))),
                        input(i -> i.blockId("workaround").optional(true).label(plainText("Workaround")).element(
                                plainTextInput(e -> e.actionId("workaround")))),
                        input(i -> i.blockId("next_update").optional(true).label(plainText("Next update in"))
                                .element(staticSelect(e -> e.actionId("next_update").options(List.of(
                                        option(plainText("15 minutes"), "15"), option(plainText("30 minutes"), "30"),
                                        option(plainText("1 hour"), "60")))))),
                        input(i -> i.blockId("title").optional(true).label(plainText("Public title")).element(plainTextInput(e -> e
                                .actionId("title").maxLength(200).placeholder(plainText("e.g. Payments delayed for EU cards")))))))
        );
    }

    /** A submitted update, or the errors to show next to its fields. */
    record Submission(String incident, String status, String message, String impact, String workaround, Instant nextUpdateAt,
                      String title, Map<String, String> errors) {
    }

    /** Reads a {@code view_submission} payload's {@code view}; {@code now} dates the "next update in". */
    static Submission read(JsonNode view, Instant now) {
        JsonNode values = view.path("state").path("values");
        Map<String, String> errors = new LinkedHashMap<>();
        String status = values.path("status").path("status").path("selected_option").path("value").asString("");
        if (!STATUSES.contains(status)) {
            errors.put("status", "Choose a status.");
        }
        String message = text(values, "message");
        if (message == null) {
            errors.put("message", "Say what customers should know.");
        }
        String minutes = values.path("next_update").path("next_update").path("selected_option").path("value").asString("");
        Instant next = minutes.isEmpty() ? null : now.plus(Duration.ofMinutes(Long.parseLong(minutes)));
        return new Submission(view.path("private_metadata").asString(""), status, message, text(values, "impact"),
                text(values, "workaround"), next, text(values, "title"), errors);
    }

    private static String text(JsonNode values, String field) {
        String value = values.path(field).path(field).path("value").asString("");
        return value.isBlank() ? null : value.strip();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
