/** How the notifier's durable queues wait between attempts. */
package io.tocsin.notify.delivery;
