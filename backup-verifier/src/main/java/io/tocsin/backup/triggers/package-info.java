/** What starts a verification: the nightly schedule, the authenticated API, a command on Kafka. */
package io.tocsin.backup.triggers;
