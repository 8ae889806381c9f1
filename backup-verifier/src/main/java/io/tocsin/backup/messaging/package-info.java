/** The outbox's sending side: verification outcomes to backups.verifications.v1. */
package io.tocsin.backup.messaging;
