/** Slack in: signed interaction and slash-command requests turned into incident commands. */
package io.tocsin.notify.slack.inbound;
