/**
 * Changes to services — deploys, builds, configuration changes — reported by CI pipelines and deploy tools (PagerDuty
 * change events, {@code changes.v1}), shown on the incidents of their service that open within
 * {@code tocsin.incident.changes.window} after them: "Recent deploy?" (seed 004, first questions of an incident).
 */
package io.tocsin.incident.changes;
