package io.tocsin.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.tocsin.incident.IncidentServiceIT;
import java.net.http.HttpResponse;
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
        assertThat(all.get("schedules").valueStream().map(s -> s.get("schedule").asString())).containsExactly("paging", "platform");

        HttpResponse<String> unknown = get("/api/v1/oncall/billing", AUDITOR);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asString()).isEqualTo("schedule: no schedule named 'billing'");

        HttpResponse<String> badTime = get("/api/v1/oncall/platform?at=tomorrow", AUDITOR);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(json(badTime).get("message").asString()).isEqualTo("at: must be an RFC 3339 timestamp, was 'tomorrow'");

        assertThat(get("/api/v1/oncall", null).statusCode()).isEqualTo(401);
    }
}
