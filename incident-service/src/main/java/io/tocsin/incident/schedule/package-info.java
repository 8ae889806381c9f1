/** The scheduler of work that falls due with time. */
package io.tocsin.incident.schedule;
