/** Feeds from other services onto incidents: backup verification verdicts, remediation results. */
package io.tocsin.incident.feeds;
