package io.tocsin.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.IncidentServiceIT;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who is on call, as an auditor asks the API, from the configuration file the service started with. */
class OnCallApiIT extends IncidentServiceIT {

    @Test
    void theScheduleSaysWhoIsOnCallInEachLayerWhomAPageReachesAndWhoIsNext() {
        // Tuesday 2026-12-01 10:00 CET: primary is alice's first day, secondary carol's week.
        JsonNode platform = json(get("/api/v1/oncall/platform?at=2026-12-01T10:00:00%2B01:00", AUDITOR));

        assertThat(platform.get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(platform.get("layers").valueStream().map(l -> l.get("layer").asString() + "=" + l.get("person").get("id").asString()))
                .containsExactly("primary=alice", "secondary=carol");
        assertThat(platform.get("paged").get("person").get("slackUserId").asString()).isEqualTo("U0ALICE01");
        assertThat(platform.get("paged").get("end").asString()).isEqualTo("2026-12-02T08:00:00Z");
        assertThat(platform.get("next").get("person").get("id").asString()).isEqualTo("bob");
    }

    @Test
    void anOverrideIsWhomAPageReachesForItsRange() {
        JsonNode christmas = json(get("/api/v1/oncall/platform?at=2026-12-25T12:00:00Z", AUDITOR));

        assertThat(christmas.get("paged").get("person").get("id").asString()).isEqualTo("carol");
        assertThat(christmas.get("paged").get("override").asBoolean()).isTrue();
    }

    @Test
    void everyScheduleAtOnceAndClearErrorsForWhatIsWrong() {
        JsonNode all = json(get("/api/v1/oncall", AUDITOR));
        assertThat(all.get("schedules").valueStream().map(s -> s.get("schedule").asString())).containsExactly("paging", "platform", "weekly-window");

        HttpResponse<String> unknown = get("/api/v1/oncall/billing", AUDITOR);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asString()).isEqualTo("schedule: no schedule named 'billing'");

        HttpResponse<String> badTime = get("/api/v1/oncall/platform?at=tomorrow", AUDITOR);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(json(badTime).get("message").asString()).isEqualTo("at: must be an RFC 3339 timestamp, was 'tomorrow'");

        assertThat(get("/api/v1/oncall", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shiftsAreIcalendarFeedsPerScheduleAndPerPersonThatCalendarAppsCanSubscribeTo() throws Exception {
        HttpResponse<String> schedule = get("/api/v1/oncall/platform/calendar.ics?from=2026-11-29T00:00:00Z&days=60", AUDITOR, "text/calendar");
        assertThat(schedule.statusCode()).isEqualTo(200);
        assertThat(schedule.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/calendar");
        net.fortuna.ical4j.model.Calendar parsed = new net.fortuna.ical4j.data.CalendarBuilder()
                .build(new java.io.StringReader(schedule.body()));
        assertThat(parsed.getProperty("VERSION").map(p -> p.getValue())).contains("2.0");
        List<String> summaries = parsed.getComponents("VEVENT").stream()
                .map(e -> e.getProperty("SUMMARY").orElseThrow().getValue()).toList();
        assertThat(summaries).contains("On call: Alice Example (platform/primary)", "On call: Carol Example (platform/secondary)",
                "On call: Carol Example (platform/primary), override");
        assertThat(schedule.body()).contains("UID:platform/primary/alice/1796284800@tocsin"); // 2026-12-03 09:00 Berlin

        // A calendar app cannot send a header: the token rides in the URL, on feeds only.
        HttpResponse<String> carol = get("/api/v1/oncall/people/carol/calendar.ics?from=2026-11-29T00:00:00Z&access_token=" + AUDITOR, null, "*/*");
        assertThat(carol.statusCode()).isEqualTo(200);
        assertThat(carol.body()).contains("SUMMARY:On call: platform/secondary", "SUMMARY:On call: platform/primary\\, override")
                .doesNotContain("Alice");
        assertThat(get("/api/v1/oncall/platform?access_token=" + AUDITOR, null).statusCode()).as("not a feed").isEqualTo(401);
        assertThat(get("/api/v1/oncall/people/carol/calendar.ics?access_token=" + ADMIN, null, "*/*").statusCode())
                .as("a token that can change things never rides in a URL").isEqualTo(401);
        assertThat(get("/api/v1/oncall/people/nobody/calendar.ics", AUDITOR, "*/*").statusCode()).isEqualTo(404);
        assertThat(json(get("/api/v1/oncall/platform/calendar.ics?days=9999", AUDITOR, "*/*")).get("message").asString())
                .isEqualTo("days: must be a whole number from 1 to 365, was '9999'");
    }
}
