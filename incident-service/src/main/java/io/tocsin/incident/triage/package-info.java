/** Triage: alert notifications into incidents, through a pipeline of rules. */
package io.tocsin.incident.triage;
