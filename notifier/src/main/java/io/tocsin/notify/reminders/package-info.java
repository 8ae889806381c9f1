/**
 * Reminders to write the next customer update (seeds 002 and 004: every 15 minutes for a public SEV1/SEV2 incident, and
 * the "next update" promised to customers kept), posted in the incident's thread once per due time, by one instance.
 */
package io.tocsin.notify.reminders;
