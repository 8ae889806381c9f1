package io.tocsin.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.common.test.TestPostgres;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction's deferred rows reach the table by its commit, or earlier on {@link DeferredInserts#flush()}, and
 * never outlive a rollback; a row PostgreSQL refuses fails the commit and takes the whole transaction with it.
 */
class DeferredInsertsIT {

    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private DeferredInserts items;
    private String schema;

    @BeforeEach
    void schema() {
        TestPostgres.Database db = TestPostgres.database();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        jdbc = JdbcClient.create(ds);
        schema = "deferred_inserts_it_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("CREATE SCHEMA " + schema).update();
        ds.setCurrentSchema(schema);
        jdbc.sql("CREATE TABLE item (id INT PRIMARY KEY, label TEXT NOT NULL)").update();
        tx = new TransactionTemplate(new JdbcTransactionManager(ds));
        items = new DeferredInserts(new JdbcTemplate(ds), "INSERT INTO item (id, label) VALUES (?, ?)");
    }

    @AfterEach
    void drop() {
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
    }

    @Test
    void rowsAreWrittenAtCommitOrWhenFlushedAndTheTransactionSeesThemAfterAFlush() {
        tx.executeWithoutResult(s -> {
            items.add(1, "one");
            items.add(2, "two");
            assertThat(ids()).as("not sent yet").isEmpty();
            items.flush();
            assertThat(ids()).containsExactly(1, 2);
            items.add(3, "three");
        });
        assertThat(ids()).as("the rest at commit").containsExactly(1, 2, 3);
    }

    @Test
    void aRolledBackTransactionLeavesNoRowEvenAfterAFlush() {
        tx.executeWithoutResult(s -> {
            items.add(1, "one");
            items.flush();
            items.add(2, "two");
            s.setRollbackOnly();
        });
        assertThat(ids()).isEmpty();
    }

    @Test
    void aRefusedRowFailsTheCommitAndNothingOfTheTransactionRemains() {
        jdbc.sql("CREATE TABLE other (id INT PRIMARY KEY)").update();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO other VALUES (1)").update();
            items.add(1, "one");
            items.add(2, null); // NOT NULL
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(ids()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM other").query(Long.class).single()).isZero();

        tx.executeWithoutResult(s -> items.add(3, "three"));
        assertThat(ids()).as("the next transaction starts empty").containsExactly(3);
    }

    @Test
    void withoutATransactionARowIsWrittenAtOnce() {
        items.add(1, "one");
        assertThat(ids()).containsExactly(1);
    }

    private List<Integer> ids() {
        return jdbc.sql("SELECT id FROM item ORDER BY id").query(Integer.class).list();
    }
}
