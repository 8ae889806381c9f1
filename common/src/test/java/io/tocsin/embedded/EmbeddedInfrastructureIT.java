package io.tocsin.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone's embedded servers keep their data across a restart, also when run as root. */
class EmbeddedInfrastructureIT {

    @TempDir
    Path data;

    @Test
    void postgresKeepsRowsAcrossRestart() throws Exception {
        // JUnit's temp dir is private (700); PostgreSQL runs unprivileged when the build runs as root.
        java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedPostgres pg = new EmbeddedPostgres(data.resolve("postgres"), 0).start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE TABLE kept (v text)");
            c.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedPostgres pg = new EmbeddedPostgres(data.resolve("postgres"), 0).start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT v, current_setting('server_version_num')::int FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(160000);
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossRestart() {
        int port = 29092 + (int) (ProcessHandle.current().pid() % 1000);
        Path dir = data.resolve("kafka");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port, port + 1000).start();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("kept.v1", "k", "still here")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port, port + 1000).start();
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "it",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("kept.v1"));
            String value = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) {
                    value = r.value();
                }
            }
            assertThat(value).isEqualTo("still here");
        }
    }
}
