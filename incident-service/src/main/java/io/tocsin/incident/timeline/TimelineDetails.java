package io.tocsin.incident.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code details} of a timeline entry: facts in the order they are written, {@code null} values left out. */
public final class TimelineDetails {

    private TimelineDetails() {
    }

    /**
     * A details map from names and values, in that order: {@code of("from", "SEV3", "to", "SEV2")}.
     *
     * @throws IllegalArgumentException when the arguments are not name-value pairs with {@code String} names
     */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("details need name-value pairs, got " + namesAndValues.length + " arguments");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("detail name at " + i + " is not a String: " + namesAndValues[i]);
            }
            if (namesAndValues[i + 1] != null) {
                map.put(name, namesAndValues[i + 1]);
            }
        }
        return map;
    }
}
