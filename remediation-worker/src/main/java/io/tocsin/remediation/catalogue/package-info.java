/** The runbook catalogue: YAML, validated whole at start-up. */
package io.tocsin.remediation.catalogue;
