/** On-call: the schedules of {@code TOCSIN_ONCALL_CONFIG}, answering {@code /incident oncall [service]} in Slack. */
package io.tocsin.notify.oncall;
