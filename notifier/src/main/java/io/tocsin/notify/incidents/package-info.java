/** The notifier's read model of incidents, kept current from incidents.events.v1. */
package io.tocsin.notify.incidents;
