/**
 * On-call in incident-service (issue 18): the {@code TOCSIN_ONCALL_CONFIG} file loaded and validated at start-up, and
 * the API that answers who is on call now or at any instant. Paging from escalation policies comes next.
 */
package io.tocsin.incident.oncall;
