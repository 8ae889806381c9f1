package io.tocsin.incident.messaging;

import io.tocsin.contracts.messages.IncidentEvent;

/**
 * What incident-service hands to its outbox (Spring Modulith's event publication registry): the {@link IncidentEvent}
 * to send on {@code incidents.events.v1} and the trace context of the span that recorded it. The outbox sends after
 * the transaction commits, when that span is no longer current (triage commits a whole batch of alerts at once), so
 * the context travels with the publication, and survives a resubmission after a restart.
 *
 * @param event       the event, sent as is
 * @param traceparent W3C trace context of the recording span ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or {@code null}
 *                    when nothing was traced
 */
public record TracedIncidentEvent(IncidentEvent event, String traceparent) {
}
