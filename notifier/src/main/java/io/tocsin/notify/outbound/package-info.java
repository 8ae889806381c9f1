/**
 * Outbound paging (issue 18): incidents and pages forwarded to a team's own signed webhook (to bridge to phone or SMS)
 * and to PagerDuty Events API v2, through one durable, retried, per-incident ordered queue.
 */
package io.tocsin.notify.outbound;
