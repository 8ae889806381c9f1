package io.tocsin.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A message on a Tocsin Kafka topic.
 *
 * <p>Every message carries a unique {@code eventId} (consumers deduplicate on it) and the instant it
 * {@code occurredAt} (RFC 3339, UTC on the wire). Its type name travels in the JSON field
 * {@code type} and in the CloudEvents header {@code ce_type}; it is a stable contract name
 * (see {@link MessageTypes}), never a Java class name.
 */
public sealed interface TocsinMessage
        permits AlertMessage, IncidentEvent, IncidentCommand, RemediationResult, BackupVerificationMessage,
        BackupCommand, OnCallEvent, ChangeMessage, MaintenanceEvent {

    /** Unique id of this message; consumers use it to detect redelivery. */
    UUID eventId();

    /** When the fact this message reports happened. */
    Instant occurredAt();

    /** The key this message is published under on its topic (see design.md, Kafka contracts). */
    String partitionKey();
}
