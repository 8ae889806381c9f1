/** alert-ingest: receives Alertmanager webhooks and publishes one AlertReceived per alert to Kafka. */
package io.tocsin.ingest;
