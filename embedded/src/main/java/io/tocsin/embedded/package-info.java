/** Embedded infrastructure (Kafka KRaft broker, PostgreSQL) for the standalone default and tests. */
package io.tocsin.embedded;
