/** Escalation: the one policy that computes due times, and escalations applied over time. */
package io.tocsin.incident.escalation;
