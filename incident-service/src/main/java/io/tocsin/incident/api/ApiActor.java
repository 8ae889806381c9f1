package io.tocsin.incident.api;

import org.springframework.security.core.Authentication;

/**
 * Who acts through the API: {@code api:<by>}, where {@code by} is the request's {@code "by"} (a person's name, e.g.
 * when a tool acts for someone) or, when absent, the API token's principal.
 */
public final class ApiActor {

    private ApiActor() {
    }

    /**
     * @throws IllegalArgumentException ({@code by:}) when {@code by} is longer than 200 characters
     */
    public static String of(String by, Authentication auth) {
        String who = by == null || by.isBlank() ? auth.getName() : by.strip();
        if (who.length() > 200) {
            throw new IllegalArgumentException("by: must be at most 200 characters");
        }
        return "api:" + who;
    }
}
