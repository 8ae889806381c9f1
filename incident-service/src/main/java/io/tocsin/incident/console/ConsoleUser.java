package io.tocsin.incident.console;

import java.util.List;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Who is signed in, for every console page ({@code ${user}}; {@code null} on the sign-in page): their name and their
 * highest role, and whether they may act ({@code user.responder}), so pages show auditors no forms they may not send.
 *
 * @param name      as on the timeline after {@code console:}
 * @param role      {@code ADMIN}, {@code RESPONDER} or {@code AUDITOR}
 * @param responder whether the role may acknowledge, resolve, add notes and set severity
 */
record ConsoleUser(String name, String role, boolean responder) {


    static ConsoleUser of(Authentication auth) {
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return null;
        }
        List<String> held = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList();
        String role = ConsoleSettings.ROLES.stream().filter(held::contains).findFirst().orElse("");
        return new ConsoleUser(auth.getName(), role, "ADMIN".equals(role) || "RESPONDER".equals(role));
    }

    /** Adds {@code user} to the model of the console's controllers. */
    @ControllerAdvice(basePackageClasses = ConsolePages.class)
    static class Advice {

        @ModelAttribute("user")
        ConsoleUser user(Authentication auth) {
            return of(auth);
        }
    }
}
