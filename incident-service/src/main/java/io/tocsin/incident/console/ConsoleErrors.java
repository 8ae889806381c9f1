package io.tocsin.incident.console;

import io.tocsin.incident.incident.IncidentNotFound;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The console answers with pages, not the REST API's JSON errors: an unknown incident is a 404 page naming it, a value
 * the console refuses (a bad {@code groupBy} on an export) a 400 page naming what is wrong.
 */
@ControllerAdvice(basePackageClasses = ConsolePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    @ExceptionHandler(IncidentNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(IncidentNotFound e, Model model) {
        model.addAttribute("reference", e.getMessage());
        return "console/not-found";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(IllegalArgumentException e, Model model) {
        model.addAttribute("problem", e.getMessage());
        return "console/bad-request";
    }
}
