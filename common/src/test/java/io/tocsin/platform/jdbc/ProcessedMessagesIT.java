package io.tocsin.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.contracts.messages.IncidentCommand;
import io.tocsin.common.test.TestPostgres;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message's effect runs once, and while it runs the log MDC names the message ({@code eventId}) and its
 * incident, the fields structured logs carry; afterwards the MDC is as before.
 */
class ProcessedMessagesIT {

    @Test
    void runsOnceWithEventIdAndIncidentInTheLogContext() {
        Schema db = Schema.create();
        ProcessedMessages processed = new ProcessedMessages(db.jdbc(), db.tx());

        var command = new IncidentCommand.AcknowledgeIncident(UUID.randomUUID(), Instant.now(), "INC-42", "slack:U1", null);
        Map<String, String> seen = new HashMap<>();
        assertThat(processed.once("test", command, () -> {
            seen.put("eventId", MDC.get("eventId"));
            seen.put("incident", MDC.get("incident"));
        })).isTrue();
        assertThat(processed.once("test", command, () -> {
            seen.put("again", "yes");
        })).as("redelivered").isFalse();

        assertThat(seen).containsEntry("eventId", command.eventId().toString()).containsEntry("incident", "INC-42")
                .doesNotContainKey("again");
        assertThat(MDC.get("eventId")).isNull();
        assertThat(MDC.get("incident")).isNull();
        db.drop();
    }

    @Test
    void claimAnswersWhichIdsOfABatchAreNewAndRollsBackWithTheBatch() {
        Schema db = Schema.create();
        TransactionTemplate tx = db.tx();
        ProcessedMessages processed = new ProcessedMessages(db.jdbc(), tx);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();

        assertThat(claimed(tx, () -> processed.claim("test", List.of(a, b, a)))).containsExactlyInAnyOrder(a, b);
        assertThat(claimed(tx, () -> processed.claim("test", List.of(a, c)))).as("a was claimed before").containsExactly(c);
        assertThat(claimed(tx, () -> processed.claim("other", List.of(a)))).as("per consumer").containsExactly(a);
        UUID d = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            assertThat(processed.claim("test", List.of(d))).containsExactly(d);
            s.setRollbackOnly();
        });
        assertThat(claimed(tx, () -> processed.claim("test", List.of(d)))).as("rolled back with its batch").containsExactly(d);
        assertThatThrownBy(() -> processed.claim("test", List.of(UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside the transaction");
        db.drop();
    }

    /** A fresh schema with a {@code processed_message} table in the shared test PostgreSQL. */
    private record Schema(JdbcClient jdbc, TransactionTemplate tx, String name) {

        static Schema create() {
            TestPostgres.Database db = TestPostgres.database();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(db.url());
            ds.setUser(db.username());
            ds.setPassword(db.password());
            JdbcClient jdbc = JdbcClient.create(ds);
            String name = "processed_messages_it_" + UUID.randomUUID().toString().replace("-", "");
            jdbc.sql("CREATE SCHEMA " + name).update();
            ds.setCurrentSchema(name);
            jdbc.sql("CREATE TABLE processed_message (consumer TEXT, event_id UUID, PRIMARY KEY (consumer, event_id))")
                    .update();
            return new Schema(jdbc, new TransactionTemplate(new JdbcTransactionManager(ds)), name);
        }

        void drop() {
            jdbc.sql("DROP SCHEMA " + name + " CASCADE").update();
        }
    }

    private static Set<UUID> claimed(TransactionTemplate tx, Supplier<Set<UUID>> claim) {
        return tx.execute(s -> claim.get());
    }
}
