/** The Kafka edge of notifier: idempotent consumers of incident, remediation and backup events. */
package io.tocsin.notify.messaging;
