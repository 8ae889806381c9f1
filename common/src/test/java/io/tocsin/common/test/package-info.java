/** Shared test infrastructure: one PostgreSQL and one embedded Kafka broker per test JVM. */
package io.tocsin.common.test;
