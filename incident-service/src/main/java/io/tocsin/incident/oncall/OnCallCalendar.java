package io.tocsin.incident.oncall;

import io.tocsin.oncall.Shift;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * On-call shifts as an iCalendar (RFC 5545) feed, written with ical4j: one {@code VEVENT} per shift (UTC start and
 * end, a {@code UID} from schedule, layer, person and start, so calendars update rather than duplicate; only the first
 * shift, cut at the feed's start — a day boundary — changes once a day), so people see their turns in their own
 * calendar.
 */
final class OnCallCalendar {

    private OnCallCalendar() {
    }

    /** One shift and what to call it. */
    record Entry(String schedule, Shift shift) {
    }

    /**
     * The feed's text ({@code text/calendar}).
     *
     * @param name    the calendar's display name ({@code X-WR-CALNAME})
     * @param entries the shifts
     * @param byPerson whether it is one person's calendar (titles name the schedule) or a schedule's (titles name the
     *                 person)
     */
    static String render(String name, List<Entry> entries, boolean byPerson) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Tocsin//On-call//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new XProperty("X-WR-CALNAME", name));
        for (Entry e : entries) {
            Shift s = e.shift();
            String where = e.schedule() + "/" + s.layer();
            String title = "On call: " + (byPerson ? where : s.person().name() + " (" + where + ")")
                    + (s.override() ? ", override" : "");
            VEvent event = new VEvent(s.start(), s.end(), title);
            event.add(new Uid(where + "/" + s.person().id() + "/" + s.start().getEpochSecond() + "@tocsin"));
            event.add(new Description(s.person().name() + " is on call in " + where + (s.override() ? " (override)" : "")
                    + ". Slack: <@" + s.person().slackUserId() + ">"));
            calendar.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the calendar", e);
        }
        return out.toString();
    }
}
