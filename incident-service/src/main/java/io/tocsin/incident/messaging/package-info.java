/** The Kafka edge of incident-service: idempotent consumers and the outbox publisher. */
package io.tocsin.incident.messaging;
