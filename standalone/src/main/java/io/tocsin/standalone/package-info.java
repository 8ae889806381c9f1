/** standalone: every Tocsin service in one JVM with an embedded Kafka broker and embedded PostgreSQL. */
package io.tocsin.standalone;
