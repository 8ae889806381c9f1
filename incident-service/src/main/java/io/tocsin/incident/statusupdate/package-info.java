/**
 * Customer updates written by people (seeds 002 and 004: every 15 minutes for a public incident, with status, impact,
 * workaround and the time of the next update; never speculation). Recorded on the timeline and published, through the
 * notifier, to the status page, the Statuspage mirror and the incident's thread.
 */
package io.tocsin.incident.statusupdate;
