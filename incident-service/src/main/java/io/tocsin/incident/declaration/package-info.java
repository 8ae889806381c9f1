/**
 * Incidents people declare: no alert fired, someone noticed (a customer report, a failed deploy, a security finding).
 * Seed 004: anyone may declare an incident; the declaration is the first entry of its timeline.
 */
package io.tocsin.incident.declaration;
