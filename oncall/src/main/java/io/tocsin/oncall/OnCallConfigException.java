package io.tocsin.oncall;

import java.util.List;

/** An invalid on-call configuration: every problem, each naming the schedule (or person), the layer and the field. */
public class OnCallConfigException extends RuntimeException {

    private final List<String> problems;

    /**
     * @param source   where the configuration came from (a path), for the message
     * @param problems each problem, e.g. {@code schedules[platform].layers[primary].handoff: "25:00" is not a time (HH:MM)}
     */
    public OnCallConfigException(String source, List<String> problems) {
        super("invalid on-call configuration " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
