/** Remediation actions: each checks its preconditions, acts, and verifies. */
package io.tocsin.remediation.actions;
