/** Maintenance windows, Tocsin's silences: incidents under one are recorded but neither escalated nor notified. */
package io.tocsin.incident.maintenance;
