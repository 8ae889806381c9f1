/** The JDBC store of heartbeats. */
package io.tocsin.incident.heartbeat.internal;
