/** Reconciliation with Alertmanager: alerts it no longer holds are resolved after a grace period. */
package io.tocsin.incident.reconcile;
