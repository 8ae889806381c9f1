/** The incident aggregate, its repository ports, responder actions and queries. */
package io.tocsin.incident.incident;
