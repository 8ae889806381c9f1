/** Alert conventions shared with Alertmanager: fingerprints. */
package io.tocsin.common.alerts;
