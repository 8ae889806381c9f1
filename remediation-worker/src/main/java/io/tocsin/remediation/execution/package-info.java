/** Executions: planning steps for incidents, running each once under a lease, approvals, results. */
package io.tocsin.remediation.execution;
