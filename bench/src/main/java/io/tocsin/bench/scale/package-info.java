/**
 * The scale scenario (issue 17): a 3-node Kafka cluster, one PostgreSQL and N instances of every service from their own
 * jars with docker-compose.yml's environment, loaded with Alertmanager webhooks while one instance of each service and
 * one broker are killed; {@link io.tocsin.bench.scale.ScaleScenario} runs it, {@code ScaleChecks} asserts it,
 * {@code bin/bench scale} ({@link io.tocsin.bench.scale.ScaleBench}) runs the full one and the e2e profile's
 * {@code ScaleIT} a shorter one.
 */
package io.tocsin.bench.scale;
