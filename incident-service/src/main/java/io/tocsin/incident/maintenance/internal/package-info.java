/** The JDBC store of maintenance windows. */
package io.tocsin.incident.maintenance.internal;
