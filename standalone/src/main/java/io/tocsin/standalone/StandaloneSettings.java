package io.tocsin.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * Standalone settings, read from the environment (design.md, Configuration) or the equivalent system
 * properties ({@code -Dtocsin.standalone.data-dir=...}).
 *
 * @param dataDir         {@code TOCSIN_DATA_DIR}: broker, database and generated tokens; default {@code ./data}
 * @param kafkaBootstrap  {@code TOCSIN_KAFKA_BOOTSTRAP_SERVERS}: an external broker; {@code null} → embedded
 * @param databaseUrl     {@code TOCSIN_DATABASE_URL}: an external PostgreSQL; {@code null} → embedded
 * @param kafkaPort       client port of the embedded broker (9092)
 * @param controllerPort  KRaft controller port of the embedded broker (19093; 9093 is Alertmanager's)
 * @param postgresPort    port of the embedded PostgreSQL (15432; 5432 is usually a real server's)
 * @param exitWhenReady   {@code TOCSIN_STANDALONE_EXIT_WHEN_READY=true}: stop as soon as everything has started, for
 *                        the training run that records the JVM's ahead-of-time cache ({@code bin/standalone --prepare})
 */
record StandaloneSettings(Path dataDir, String kafkaBootstrap, String databaseUrl, int kafkaPort, int controllerPort,
                          int postgresPort, boolean exitWhenReady) {

    static StandaloneSettings from(Map<String, String> env) {
        return new StandaloneSettings(
                Path.of(value(env, "TOCSIN_DATA_DIR", "tocsin.standalone.data-dir", "./data")).toAbsolutePath().normalize(),
                value(env, "TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "tocsin.kafka.bootstrap-servers", null),
                value(env, "TOCSIN_DATABASE_URL", "tocsin.database.url", null),
                Integer.parseInt(value(env, "TOCSIN_STANDALONE_KAFKA_PORT", "tocsin.standalone.kafka-port", "9092")),
                Integer.parseInt(value(env, "TOCSIN_STANDALONE_CONTROLLER_PORT", "tocsin.standalone.controller-port", "19093")),
                Integer.parseInt(value(env, "TOCSIN_STANDALONE_POSTGRES_PORT", "tocsin.standalone.postgres-port", "15432")),
                Boolean.parseBoolean(value(env, "TOCSIN_STANDALONE_EXIT_WHEN_READY", "tocsin.standalone.exit-when-ready",
                        "false")));
    }

    private static String value(Map<String, String> env, String envName, String property, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = env.get(envName);
        }
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
