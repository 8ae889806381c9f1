/** Who may decide a remediation step's approval request in Slack, and whether it is still open. */
package io.tocsin.notify.approvals;
