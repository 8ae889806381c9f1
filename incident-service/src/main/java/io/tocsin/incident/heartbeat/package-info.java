/** Dead man's switches: a heartbeat that stops arriving opens an incident, which resolves when it returns. */
package io.tocsin.incident.heartbeat;
