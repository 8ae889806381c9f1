package io.tocsin.platform.jdbc;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value that lives as long as the current Spring-managed transaction: created on first use in it, optionally
 * handed to a callback just before it commits or just after, and dropped when the transaction completes (commit or
 * rollback), so nothing leaks into the thread's next transaction.
 *
 * @param <T> the value's type, e.g. a map of what this transaction already wrote
 */
public final class TransactionScoped<T> {

    private final Supplier<T> create;
    private final Consumer<T> beforeCommit;
    private final Consumer<T> afterCommit;

    private TransactionScoped(Supplier<T> create, Consumer<T> beforeCommit, Consumer<T> afterCommit) {
        this.create = create;
        this.beforeCommit = beforeCommit;
        this.afterCommit = afterCommit;
    }

    /** A value made by {@code create} in each transaction that uses it. */
    public static <T> TransactionScoped<T> of(Supplier<T> create) {
        return new TransactionScoped<>(create, null, null);
    }

    /**
     * Also hands the value to {@code callback} just before the transaction commits (inside it: the callback may still
     * write, and a failure rolls everything back).
     */
    public TransactionScoped<T> beforeCommit(Consumer<T> callback) {
        return new TransactionScoped<>(create, callback, afterCommit);
    }

    /** Also hands the value to {@code callback} once the transaction has committed (never after a rollback). */
    public TransactionScoped<T> afterCommit(Consumer<T> callback) {
        return new TransactionScoped<>(create, beforeCommit, callback);
    }

    /**
     * The current transaction's value, created on first use.
     *
     * @throws IllegalStateException when no transaction synchronization is active (no Spring-managed transaction)
     */
    @SuppressWarnings("unchecked")
    public T get() {
        T value = (T) TransactionSynchronizationManager.getResource(this);
        if (value != null) {
            return value;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("no transaction: a TransactionScoped value needs a Spring-managed transaction");
        }
        T created = create.get();
        TransactionSynchronizationManager.bindResource(this, created);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                if (beforeCommit != null) {
                    beforeCommit.accept(created);
                }
            }

            @Override
            public void afterCommit() {
                if (afterCommit != null) {
                    afterCommit.accept(created);
                }
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(TransactionScoped.this);
            }
        });
        return created;
    }

    /** The current transaction's value if it was used already, else {@code null}; creates nothing. */
    @SuppressWarnings("unchecked")
    public T peek() {
        return (T) TransactionSynchronizationManager.getResource(this);
    }
}
