/** The append-only, hash-chained incident timeline that auditors read and verify. */
package io.tocsin.incident.timeline;
