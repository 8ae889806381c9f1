/** Metrics every Tocsin service exports about its own pipeline: outbox backlog and dead-letter records. */
package io.tocsin.platform.observability;
