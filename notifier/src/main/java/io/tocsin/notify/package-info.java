/** notifier: tells responders in Slack and customers on the status page. */
package io.tocsin.notify;
