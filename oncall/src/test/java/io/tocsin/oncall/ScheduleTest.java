package io.tocsin.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Person ALICE = new Person("alice", "Alice", "U0ALICE", null, null);
    private static final Person BOB = new Person("bob", "Bob", "U0BOB", null, null);
    private static final Person CAROL = new Person("carol", "Carol", "U0CAROL", null, null);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Schedule daily(ZoneId zone, LocalTime handoff, LocalDate start, ScheduleOverride... overrides) {
        return new Schedule("platform", zone, List.of(new Layer("primary", List.of(ALICE, BOB), Duration.ofDays(1), handoff,
                start, List.of())), List.of(overrides));
    }

    @Test
    void berlinsSpringForwardKeepsTheNineOClockHandoffAndShortensThatTurn() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST. Turns: 27 alice, 28 bob, 29 alice.
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 3, 27));

        Shift before = s.paged(Instant.parse("2026-03-29T06:59:00Z")).orElseThrow(); // 08:59 CEST
        Shift after = s.paged(Instant.parse("2026-03-29T07:00:00Z")).orElseThrow(); // 09:00 CEST

        assertThat(before.person()).isEqualTo(BOB);
        assertThat(before.start()).isEqualTo(Instant.parse("2026-03-28T08:00:00Z")); // 09:00 CET
        assertThat(Duration.between(before.start(), before.end())).isEqualTo(Duration.ofHours(23));
        assertThat(after.person()).isEqualTo(ALICE);
        assertThat(after.end()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    }

    @Test
    void berlinsFallBackKeepsTheHandoffAndLengthensThatTurn() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET. Turns from 10-23: alice, 24 bob, 25 alice.
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 10, 23));

        Shift turn = s.paged(Instant.parse("2026-10-25T07:59:00Z")).orElseThrow(); // 08:59 CET

        assertThat(turn.person()).isEqualTo(BOB);
        assertThat(turn.start()).isEqualTo(Instant.parse("2026-10-24T07:00:00Z")); // 09:00 CEST
        assertThat(turn.end()).isEqualTo(Instant.parse("2026-10-25T08:00:00Z")); // 09:00 CET
        assertThat(Duration.between(turn.start(), turn.end())).isEqualTo(Duration.ofHours(25));
        assertThat(s.paged(Instant.parse("2026-10-25T08:00:00Z")).orElseThrow().person()).isEqualTo(ALICE);
    }

    @Test
    void aHandoffInTheHourSpringForwardSkipsHappensAtTheFirstValidTime() {
        Schedule s = daily(BERLIN, LocalTime.of(2, 30), LocalDate.of(2026, 3, 28)); // 28 alice, 29 bob

        assertThat(s.paged(Instant.parse("2026-03-29T01:29:00Z")).orElseThrow().person()).isEqualTo(ALICE);
        Shift bob = s.paged(Instant.parse("2026-03-29T01:30:00Z")).orElseThrow(); // 03:30 CEST, 02:30 does not exist
        assertThat(bob.person()).isEqualTo(BOB);
        assertThat(bob.start()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void newYorkWeeklyHandoffsOnBothChangeDays() {
        // Weekly from Monday 2026-03-02 09:00 EST; DST starts 2026-03-08 and ends 2026-11-01.
        Schedule s = new Schedule("platform", NEW_YORK, List.of(new Layer("primary", List.of(ALICE, BOB), Duration.ofDays(7),
                LocalTime.of(9, 0), LocalDate.of(2026, 3, 2), List.of())), List.of());

        Shift spring = s.paged(Instant.parse("2026-03-09T12:59:00Z")).orElseThrow(); // 08:59 EDT
        assertThat(spring.person()).isEqualTo(ALICE);
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(167));
        assertThat(s.paged(Instant.parse("2026-03-09T13:00:00Z")).orElseThrow().person()).isEqualTo(BOB);

        Shift fall = s.paged(Instant.parse("2026-11-02T13:59:00Z")).orElseThrow(); // 08:59 EST
        assertThat(fall.person()).isEqualTo(ALICE); // 34 weeks after the start: alice's turn again
        assertThat(Duration.between(fall.start(), fall.end())).isEqualTo(Duration.ofHours(169));
        assertThat(s.paged(Instant.parse("2026-11-02T14:00:00Z")).orElseThrow().person()).isEqualTo(BOB);
    }

    @Test
    void hourTurnsAreElapsedTimeAcrossAChange() {
        Schedule s = new Schedule("platform", NEW_YORK, List.of(new Layer("primary", List.of(ALICE, BOB), Duration.ofHours(12),
                LocalTime.of(8, 0), LocalDate.of(2026, 3, 7), List.of())), List.of());

        // 2026-03-07 08:00 EST = 13:00Z; +12 h turns: bob from 03-08 01:00Z, alice from 13:00Z (09:00 EDT).
        assertThat(s.paged(Instant.parse("2026-03-08T12:59:00Z")).orElseThrow().person()).isEqualTo(BOB);
        assertThat(s.paged(Instant.parse("2026-03-08T13:00:00Z")).orElseThrow().person()).isEqualTo(ALICE);
    }

    @Test
    void nobodyIsOnCallBeforeTheFirstTurn() {
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 12, 1));

        assertThat(s.paged(Instant.parse("2026-12-01T07:59:00Z"))).isEmpty();
        assertThat(s.paged(Instant.parse("2026-12-01T08:00:00Z")).orElseThrow().person()).isEqualTo(ALICE);
    }

    @Test
    void anOverrideReplacesTheRotationForItsRangeAndTheLastListedWins() {
        Instant from = Instant.parse("2026-12-24T17:00:00Z");
        Instant to = Instant.parse("2026-12-27T08:00:00Z");
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 12, 1),
                new ScheduleOverride("primary", BOB, from, to),
                new ScheduleOverride("primary", CAROL, Instant.parse("2026-12-25T00:00:00Z"), Instant.parse("2026-12-26T00:00:00Z")));

        assertThat(s.paged(from.minusSeconds(1)).orElseThrow().override()).isFalse();
        assertThat(s.paged(from).orElseThrow()).isEqualTo(new Shift("primary", BOB, from, to, true));
        assertThat(s.paged(Instant.parse("2026-12-25T12:00:00Z")).orElseThrow().person()).isEqualTo(CAROL);
        assertThat(s.paged(Instant.parse("2026-12-26T12:00:00Z")).orElseThrow().person()).isEqualTo(BOB);
        Shift back = s.paged(to).orElseThrow();
        assertThat(back.override()).isFalse();
        assertThat(back.person()).isEqualTo(ALICE); // 2026-12-27 is the 26th day after 12-01: alice's turn
    }

    @Test
    void outsideTheFirstLayersRestrictionsTheScheduleReachesTheNextLayer() {
        Restriction businessHours = new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
                LocalTime.of(17, 0));
        Schedule s = new Schedule("platform", BERLIN, List.of(
                new Layer("primary", List.of(ALICE), Duration.ofDays(7), LocalTime.of(9, 0), LocalDate.of(2026, 11, 2),
                        List.of(businessHours)),
                new Layer("secondary", List.of(BOB), Duration.ofDays(7), LocalTime.of(9, 0), LocalDate.of(2026, 11, 2), List.of())),
                List.of());

        Instant tuesdayMorning = Instant.parse("2026-12-01T09:00:00Z"); // 10:00 CET
        Instant saturday = Instant.parse("2026-12-05T09:00:00Z");

        assertThat(s.paged(tuesdayMorning).orElseThrow().person()).isEqualTo(ALICE);
        assertThat(s.onCall(tuesdayMorning)).extracting(Shift::layer).containsExactly("primary", "secondary");
        assertThat(s.paged(saturday).orElseThrow().person()).isEqualTo(BOB);
        assertThat(s.onCall("primary", saturday)).isEmpty();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItStarts() {
        Restriction nights = new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(18, 0), LocalTime.of(8, 0));

        assertThat(nights.covers(Instant.parse("2026-12-01T06:00:00Z").atZone(BERLIN))).isTrue(); // Tue 07:00, Monday's night
        assertThat(nights.covers(Instant.parse("2026-12-05T06:00:00Z").atZone(BERLIN))).isTrue(); // Sat 07:00, Friday's night
        assertThat(nights.covers(Instant.parse("2026-11-30T06:00:00Z").atZone(BERLIN))).isFalse(); // Mon 07:00, Sunday off
        assertThat(nights.covers(Instant.parse("2026-12-01T11:00:00Z").atZone(BERLIN))).isFalse(); // Tue 12:00
    }

    @Test
    void whoIsNextIsWhoeverCoversWhenTheCurrentTurnEnds() {
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 12, 1));

        assertThat(s.next(Instant.parse("2026-12-01T12:00:00Z")).orElseThrow().person()).isEqualTo(BOB);
    }

    @Test
    void shiftsFollowHandoffsAcrossTheDstChangeAndCutOutOverrides() {
        Schedule s = daily(BERLIN, LocalTime.of(9, 0), LocalDate.of(2026, 3, 27),
                new ScheduleOverride("primary", CAROL, Instant.parse("2026-03-29T12:00:00Z"), Instant.parse("2026-03-29T14:00:00Z")));

        List<Shift> shifts = s.shifts(Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-03-30T12:00:00Z"));

        assertThat(shifts).extracting(sh -> sh.person().id() + " " + sh.start() + " " + sh.end() + (sh.override() ? " override" : ""))
                .containsExactly(
                        "alice 2026-03-28T00:00:00Z 2026-03-28T08:00:00Z",   // clipped at the range's start
                        "bob 2026-03-28T08:00:00Z 2026-03-29T07:00:00Z",     // 23 h: the spring-forward turn
                        "alice 2026-03-29T07:00:00Z 2026-03-29T12:00:00Z",
                        "carol 2026-03-29T12:00:00Z 2026-03-29T14:00:00Z override",
                        "alice 2026-03-29T14:00:00Z 2026-03-30T07:00:00Z",
                        "bob 2026-03-30T07:00:00Z 2026-03-30T12:00:00Z");
    }

    @Test
    void aBusinessHoursLayerHasOneShiftPerWorkingDay() {
        Layer business = new Layer("business", List.of(ALICE), Duration.ofDays(7), LocalTime.of(9, 0), LocalDate.of(2026, 3, 2),
                List.of(new Restriction(java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY),
                        LocalTime.of(9, 0), LocalTime.of(17, 0))));
        Schedule s = new Schedule("leads", NEW_YORK, List.of(business), List.of());

        // Friday 2026-03-06 to Tuesday 2026-03-10; New York springs forward on Sunday 2026-03-08.
        List<Shift> shifts = s.shifts(Instant.parse("2026-03-06T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"));

        assertThat(shifts).extracting(sh -> sh.start() + " " + sh.end()).containsExactly(
                "2026-03-06T14:00:00Z 2026-03-06T22:00:00Z",  // Friday 09:00-17:00 EST
                "2026-03-09T13:00:00Z 2026-03-09T21:00:00Z",  // Monday 09:00-17:00 EDT
                "2026-03-10T13:00:00Z 2026-03-10T21:00:00Z");
    }

    @Test
    void aNightWindowCoversTheHourThatHappensTwiceAtTheAutumnChange() {
        // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:00-03:00 happens twice. A window 18:00-02:30 covers
        // both 02:00-02:30, not the 02:30-03:00 CEST in between.
        Layer nights = new Layer("nights", List.of(ALICE), Duration.ofDays(7), LocalTime.of(9, 0), LocalDate.of(2026, 10, 19),
                List.of(new Restriction(java.util.EnumSet.of(java.time.DayOfWeek.SATURDAY), LocalTime.of(18, 0), LocalTime.of(2, 30))));
        Schedule s = new Schedule("nights", BERLIN, List.of(nights), List.of());

        List<Shift> shifts = s.shifts(Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-25T12:00:00Z"));

        assertThat(shifts).extracting(sh -> sh.start() + " " + sh.end()).containsExactly(
                "2026-10-24T16:00:00Z 2026-10-25T00:30:00Z",   // 18:00 CEST to the first 02:30
                "2026-10-25T01:00:00Z 2026-10-25T01:30:00Z");  // the second 02:00-02:30, now CET
    }
}
