/**
 * Incident roles (seed 004, "Roles"): the incident lead, who coordinates and decides, and the communications lead, who
 * writes the status updates. One holder per role at a time; each assignment is a timeline entry.
 */
package io.tocsin.incident.roles;
