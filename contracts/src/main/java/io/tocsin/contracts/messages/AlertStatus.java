package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An alert's state as Alertmanager reports it: {@code firing} or {@code resolved}. */
public enum AlertStatus {
    FIRING, RESOLVED;

    /** The lower-case wire form, as Alertmanager writes it. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the wire form, case-insensitively.
     *
     * @throws IllegalArgumentException when the value is neither {@code firing} nor {@code resolved}
     */
    @JsonCreator
    public static AlertStatus fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("alert status is missing");
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "firing" -> FIRING;
            case "resolved" -> RESOLVED;
            default -> throw new IllegalArgumentException(
                    "alert status must be 'firing' or 'resolved', was '" + value + "'");
        };
    }
}
