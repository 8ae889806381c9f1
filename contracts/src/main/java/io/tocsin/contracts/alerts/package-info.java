/** Alert conventions shared with Alertmanager and between Tocsin's services: fingerprints, grouping keys. */
package io.tocsin.contracts.alerts;
