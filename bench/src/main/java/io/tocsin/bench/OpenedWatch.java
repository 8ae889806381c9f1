package io.tocsin.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches {@code incidents.events.v1} for {@code IncidentOpened} and notes, per incident {@code service}, when it
 * arrived ({@code nanoTime}) and the incident's {@code openedAt}. An event is published after its transaction
 * committed, so the incident was visible in the API by then: this is an upper bound of "webhook → visible", at the
 * cost of one consumer reading what the notifier reads anyway — far less than the 10 ms API polls it replaces, which
 * read a 200-incident page a hundred times a second while the scenario measured.
 */
final class OpenedWatch implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread loop;
    private volatile boolean running = true;

    /** Starts watching from the topic's current end. */
    OpenedWatch(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("fetch.max.wait.ms", "10");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor("incidents.events.v1").stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any send
        loop = Thread.ofPlatform().name("bench-opened-watch").daemon().start(this::run);
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                Header type = r.headers().lastHeader("ce_type");
                if (type == null || !"IncidentOpened".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                    continue;
                }
                long at = System.nanoTime();
                JsonNode incident = json.readTree(r.value()).get("incident");
                JsonNode service = incident == null ? null : incident.get("service");
                if (service != null && !service.isNull()) {
                    seen.putIfAbsent(service.asString(), at);
                    openedAt.putIfAbsent(service.asString(), Instant.parse(incident.get("openedAt").asString()));
                }
            }
        }
        consumer.close();
    }

    /** When the {@code IncidentOpened} of {@code service}'s incident arrived ({@code nanoTime}); null before. */
    Long seen(String service) {
        return seen.get(service);
    }

    /** The {@code openedAt} of {@code service}'s incident; null before its event arrived. */
    Instant openedAt(String service) {
        return openedAt.get(service);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join(Duration.ofSeconds(5));
    }
}
