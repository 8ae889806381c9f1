/** Cluster-safe scheduling: work that runs on one instance at a time (db-scheduler). */
package io.tocsin.platform.jdbc.scheduling;
