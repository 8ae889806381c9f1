package io.tocsin.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Messages on {@code oncall.events.v1}, keyed by schedule name (issue 18). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = OnCallEvent.OverridesChanged.class, name = MessageTypes.ONCALL_OVERRIDES_CHANGED))
public sealed interface OnCallEvent extends TocsinMessage {

    /**
     * The overrides of one schedule added through incident-service's API changed (one added or cancelled): the whole
     * live list, so a consumer keeps the latest by {@code occurredAt} and needs nothing else (overrides from
     * {@code TOCSIN_ONCALL_CONFIG} are not listed; every service reads the file itself).
     *
     * @param schedule  the schedule's name
     * @param overrides every live override of the schedule added through the API, oldest first
     */
    record OverridesChanged(UUID eventId, Instant occurredAt, String schedule, List<OnCallOverride> overrides) implements OnCallEvent {

        public OverridesChanged {
            overrides = overrides == null ? List.of() : List.copyOf(overrides);
        }

        @Override
        public String partitionKey() {
            return schedule;
        }
    }

    /**
     * One live override.
     *
     * @param id     its id in incident-service
     * @param layer  the layer it overrides
     * @param person the person's id in the on-call configuration
     * @param from   start, inclusive
     * @param to     end, exclusive
     */
    record OnCallOverride(UUID id, String layer, String person, Instant from, Instant to) {
    }
}
