/** The JDBC repositories of incidents and their alerts. */
package io.tocsin.incident.incident.internal;
