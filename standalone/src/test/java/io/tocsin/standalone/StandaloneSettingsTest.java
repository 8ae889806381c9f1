package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone's environment: defaults for a newcomer, and the switches bin/standalone and bin/bench set. */
class StandaloneSettingsTest {

    @Test
    void defaultsRunEverythingEmbeddedAndKeepRunning() {
        StandaloneSettings settings = StandaloneSettings.from(Map.of());
        assertThat(settings.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(settings.kafkaBootstrap()).isNull();
        assertThat(settings.databaseUrl()).isNull();
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.controllerPort()).isEqualTo(19093);
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.exitWhenReady()).isFalse();
    }

    @Test
    void theTrainingRunOfBinStandaloneStopsOnceEverythingStarted() {
        StandaloneSettings settings = StandaloneSettings.from(Map.of("TOCSIN_STANDALONE_EXIT_WHEN_READY", "true",
                "TOCSIN_DATA_DIR", "/tmp/training/data", "TOCSIN_STANDALONE_KAFKA_PORT", "19092"));
        assertThat(settings.exitWhenReady()).isTrue();
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/training/data"));
        assertThat(settings.kafkaPort()).isEqualTo(19092);
    }
}
