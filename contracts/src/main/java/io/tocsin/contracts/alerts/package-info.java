/** Alert conventions shared with Alertmanager: fingerprints. */
package io.tocsin.contracts.alerts;
