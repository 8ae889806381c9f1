package io.tocsin.remediation.catalogue;

import java.util.List;

/** An invalid catalogue: every problem, each naming runbook, step and field. Start-up fails with it. */
public class CatalogueException extends RuntimeException {

    private final List<String> problems;

    public CatalogueException(String source, List<String> problems) {
        super("invalid runbook catalogue " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
