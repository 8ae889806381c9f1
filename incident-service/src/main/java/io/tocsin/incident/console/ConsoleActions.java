package io.tocsin.incident.console;

import io.tocsin.incident.incident.IllegalIncidentTransition;
import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.ResponderActions;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A responder's actions from the incident page (RESPONDER and above; forms with CSRF tokens): acknowledge, resolve,
 * add a note, set the severity with a reason — {@link ResponderActions}, as the REST API and Slack do, with the actor
 * {@code console:<name>} (the person's {@code preferred_username} from the identity provider, or {@code admin}). Each
 * answers with a redirect to the incident page (post/redirect/get) and a one-line message; a refused action (already
 * resolved, a blank note) is that message, and changes nothing.
 */
@Controller
@RequestMapping("/console/incidents/{key}")
class ConsoleActions {

    private final ResponderActions responders;

    ConsoleActions(ResponderActions responders) {
        this.responders = responders;
    }

    @PostMapping("/acknowledge")
    String acknowledge(@PathVariable String key, @RequestParam(required = false) String note, Authentication auth,
                       RedirectAttributes flash) {
        return act(key, flash, "Acknowledged.", () -> responders.acknowledge(key, actor(auth), blankToNull(note)));
    }

    @PostMapping("/resolve")
    String resolve(@PathVariable String key, @RequestParam(required = false) String note, Authentication auth,
                   RedirectAttributes flash) {
        return act(key, flash, "Resolved.", () -> responders.resolve(key, actor(auth), blankToNull(note)));
    }

    @PostMapping("/notes")
    String note(@PathVariable String key, @RequestParam(required = false) String note, Authentication auth,
                RedirectAttributes flash) {
        if (note == null || note.isBlank()) {
            flash.addFlashAttribute("error", "A note needs some text.");
            return redirect(key);
        }
        return act(key, flash, "Note added.", () -> responders.addNote(key, actor(auth), note.strip()));
    }

    @PostMapping("/severity")
    String severity(@PathVariable String key, @RequestParam(required = false) String severity,
                    @RequestParam(required = false) String reason, Authentication auth, RedirectAttributes flash) {
        return act(key, flash, "Severity set.", () -> responders.changeSeverity(key, actor(auth),
                severity == null ? "" : severity, reason));
    }

    private static String act(String key, RedirectAttributes flash, String done, Supplier<Incident> action) {
        try {
            action.get();
            flash.addFlashAttribute("message", done);
        } catch (IllegalIncidentTransition | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return redirect(key);
    }

    private static String redirect(String key) {
        return "redirect:/console/incidents/" + key;
    }

    /** The timeline's actor for a console user. */
    static String actor(Authentication auth) {
        return "console:" + auth.getName();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
