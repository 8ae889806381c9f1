/** The auditor and responder REST API of incident-service. */
package io.tocsin.incident.api;
