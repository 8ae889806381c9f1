/** Verifications: one at a time per database, their history, report and metrics, and the outcome published. */
package io.tocsin.backup.verification;
