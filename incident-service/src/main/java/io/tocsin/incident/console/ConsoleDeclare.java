package io.tocsin.incident.console;

import io.tocsin.incident.declaration.Declarations;
import io.tocsin.incident.incident.Incident;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code POST /console/incidents} (RESPONDER and above): a person declares an incident no alert opened
 * ({@link Declarations}, as {@code POST /api/v1/incidents}) from the form on the incident list; the form's hidden
 * {@code id} makes a double submit open one incident. Answers with the new incident's page, or the list with the
 * reason it was refused.
 */
@Controller
class ConsoleDeclare {

    private final Declarations declarations;

    ConsoleDeclare(Declarations declarations) {
        this.declarations = declarations;
    }

    @PostMapping("/console/incidents")
    String declare(@RequestParam(required = false) UUID id, @RequestParam(defaultValue = "") String title,
                   @RequestParam(defaultValue = "SEV3") String severity, @RequestParam(defaultValue = "") String service,
                   @RequestParam(defaultValue = "") String description, Authentication auth, RedirectAttributes flash) {
        try {
            Incident incident = declarations.declare(id == null ? UUID.randomUUID() : id, severity, title,
                    service.isBlank() ? null : service.strip(), description.isBlank() ? null : description.strip(),
                    ConsoleActions.actor(auth));
            flash.addFlashAttribute("message", "Declared " + incident.key() + ".");
            return "redirect:/console/incidents/" + incident.key();
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/console/incidents";
        }
    }
}
