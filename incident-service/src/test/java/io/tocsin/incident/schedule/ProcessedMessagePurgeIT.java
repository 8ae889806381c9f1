package io.tocsin.incident.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.incident.IncidentServiceIT;
import io.tocsin.platform.jdbc.ProcessedMessages;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code processed_message} holds a consumed message's id for the retention, not forever (issue 17): the purge
 * deletes the ids older than it, keeps the younger ones, and runs as the cluster task {@code processed-message-purge}.
 */
class ProcessedMessagePurgeIT extends IncidentServiceIT {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void idsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() {
        List<UUID> old = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID young = UUID.randomUUID();
        for (UUID id : old) {
            jdbc.sql("INSERT INTO processed_message (consumer, event_id, processed_at) VALUES ('purge-test', ?, now() - interval '9 days')")
                    .param(id).update();
        }
        jdbc.sql("INSERT INTO processed_message (consumer, event_id, processed_at) VALUES ('purge-test', ?, now() - interval '7 days')")
                .param(young).update();

        long deleted = new ProcessedMessages(jdbc, tx).purge(ProcessedMessages.DEFAULT_RETENTION);

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("SELECT event_id FROM processed_message WHERE consumer = 'purge-test'").query(UUID.class).list())
                .containsExactly(young);
    }

    @Test
    void thePurgeIsAClusterTask() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = ?").param(ProcessedMessages.PURGE_TASK)
                .query(Long.class).single() == 1);
    }
}
