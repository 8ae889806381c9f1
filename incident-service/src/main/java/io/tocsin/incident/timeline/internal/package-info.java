/** The JDBC store of timeline entries. */
package io.tocsin.incident.timeline.internal;
