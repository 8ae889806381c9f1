/** Publishing accepted alerts to {@code alerts.v1} with broker acknowledgement. */
package io.tocsin.ingest.publish;
