/** The Alertmanager webhook receiver (payload version 4). */
package io.tocsin.ingest.alertmanager;
