/**
 * PagerDuty Events API v2 as a receiver: {@code POST /v2/enqueue} (alert events: trigger, acknowledge, resolve) and
 * {@code POST /v2/change/enqueue} (change events), so that a monitoring tool or SDK already integrated with PagerDuty
 * sends to Tocsin by changing its base URL. The integration key ({@code routing_key}) names the service and is the
 * credential, as at PagerDuty (developer.pagerduty.com, Events API v2).
 */
package io.tocsin.ingest.pagerduty;
