/** Incidents: grouping alerts, severity, acknowledge and resolve. */
package io.tocsin.incident.incidents;
