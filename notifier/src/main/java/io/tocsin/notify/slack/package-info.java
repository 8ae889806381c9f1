/** Slack out: one root message per incident kept current, thread replies, a durable paced send queue. */
package io.tocsin.notify.slack;
