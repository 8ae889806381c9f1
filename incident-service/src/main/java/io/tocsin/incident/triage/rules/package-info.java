/** The triage rules, one decision each, run in order by Triage. */
package io.tocsin.incident.triage.rules;
