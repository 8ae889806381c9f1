package io.tocsin.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code tocsin_dead_letter_records{topic}}: records ever written to each dead-letter topic this service's
 * consumers use (the {@code dlq-name} of every Kafka binding), i.e. the sum of the topics' end offsets. It only
 * grows, so {@code increase(tocsin_dead_letter_records[15m]) > 0} (rule {@code TocsinDeadLetters}) means new
 * poison or failed messages. Polled every 30 s in the background, so a broker outage never slows a scrape; a
 * topic that does not exist yet counts 0. Services with consumers {@code @Import} it.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterMetrics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);
    private static final Duration POLL = Duration.ofSeconds(30);
    private final Map<String, Double> records = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dead-letter-metrics");
        t.setDaemon(true);
        return t;
    });
    private volatile Admin admin;

    /** The dead-letter topics named in {@code spring.cloud.stream.kafka.bindings.<binding>.consumer.dlq-name}. */
    static Set<String> deadLetterTopics(Environment env) {
        Map<String, KafkaBinding> bindings = Binder.get(env)
                .bind("spring.cloud.stream.kafka.bindings", Bindable.mapOf(String.class, KafkaBinding.class))
                .orElse(Map.of());
        Set<String> topics = new TreeSet<>();
        bindings.values().stream().filter(b -> b.consumer() != null && b.consumer().dlqName() != null)
                .forEach(b -> topics.add(b.consumer().dlqName()));
        return topics;
    }

    /** The part of a Kafka binder binding this reads. */
    record KafkaBinding(Consumer consumer) {
        record Consumer(String dlqName) {
        }
    }

    @Bean
    List<Gauge> deadLetterGauges(Environment env, MeterRegistry meters) {
        Set<String> topics = deadLetterTopics(env);
        String brokers = env.getProperty("spring.cloud.stream.kafka.binder.brokers",
                env.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092"));
        topics.forEach(t -> records.put(t, 0.0));
        if (!topics.isEmpty()) {
            poller.scheduleWithFixedDelay(() -> poll(brokers, topics), 0, POLL.toSeconds(), TimeUnit.SECONDS);
        }
        return topics.stream().map(topic -> Gauge.builder("tocsin.dead.letter.records", records, r -> r.getOrDefault(topic, 0.0))
                        .tag("topic", topic).description("Records ever written to this dead-letter topic").register(meters))
                .collect(Collectors.toList());
    }

    private void poll(String brokers, Set<String> topics) {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
            }
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = present.isEmpty() ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                    OffsetSpec.latest())));
            var offsets = latest.isEmpty() ? Map.<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo>of()
                    : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            for (String topic : topics) {
                double sum = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                        .mapToLong(e -> e.getValue().offset()).sum();
                records.put(topic, sum);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("dead_letter.metrics_unavailable reason=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
