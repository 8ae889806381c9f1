/**
 * On-call schedules as configuration: {@link io.tocsin.oncall.OnCallConfig} (people and schedules from
 * {@code TOCSIN_ONCALL_CONFIG}, validated whole), {@link io.tocsin.oncall.Schedule} (layers in paging order, overrides)
 * and who is on call at any instant, right across daylight-saving changes. Issue 18; seeds 000 (escalation matrix),
 * 002 (response targets by severity) and 004 (primary and backup roster).
 */
package io.tocsin.oncall;
