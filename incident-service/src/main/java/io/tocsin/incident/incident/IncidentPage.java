package io.tocsin.incident.incident;

import java.util.List;

/** One page of incidents and how many match in total. */
public record IncidentPage(List<Incident> items, long total) {
}
