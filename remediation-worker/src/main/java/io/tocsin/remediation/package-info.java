/** remediation-worker: runs the runbook catalogue's steps for incidents, exactly once, with guards and approvals. */
package io.tocsin.remediation;
