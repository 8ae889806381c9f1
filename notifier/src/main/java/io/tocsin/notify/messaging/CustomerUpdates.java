package io.tocsin.notify.messaging;

import io.tocsin.contracts.messages.IncidentEvent;
import io.tocsin.notify.slack.SlackText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a customer update a person wrote reads (seed 004's template: status, what we know, impact, workaround, next
 * update): on the status page and Statuspage, and in the incident's thread.
 */
final class CustomerUpdates {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CustomerUpdates() {
    }

    /** The text customers read: the message, then impact, workaround and the time of the next update, when given. */
    static String text(IncidentEvent.IncidentStatusUpdated u) {
        StringBuilder text = new StringBuilder(u.message());
        if (u.impact() != null) {
            text.append("\n\nImpact: ").append(u.impact());
        }
        if (u.workaround() != null) {
            text.append("\n\nWorkaround: ").append(u.workaround());
        }
        if (u.nextUpdateAt() != null) {
            text.append("\n\nNext update by ").append(TIME.format(u.nextUpdateAt())).append('.');
        }
        return text.toString();
    }

    /** The thread's note of it: who published what, as customers see it. */
    static String threadReply(IncidentEvent.IncidentStatusUpdated u) {
        return "📣 Customer update (" + u.status() + ") published by " + SlackText.actor(u.actor())
                + (u.publicTitle() == null ? "" : ", titled “" + SlackText.escape(u.publicTitle()) + "”") + ":\n>"
                + SlackText.escape(text(u)).replace("\n", "\n>");
    }
}
