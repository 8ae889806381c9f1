package io.tocsin.incident.heartbeat.internal;

import io.tocsin.incident.heartbeat.HeartbeatStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link HeartbeatStore} on {@code incident.heartbeat} (name, last seen). */
@Repository
class JdbcHeartbeatStore implements HeartbeatStore {

    private final JdbcClient jdbc;

    JdbcHeartbeatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void seen(String name, Instant at) {
        jdbc.sql("INSERT INTO heartbeat (name, last_seen_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                        + "SET last_seen_at = greatest(heartbeat.last_seen_at, excluded.last_seen_at)")
                .params(name, Timestamp.from(at)).update();
    }

    @Override
    public Optional<Instant> lastSeen(String name) {
        return jdbc.sql("SELECT last_seen_at FROM heartbeat WHERE name = ?").param(name).query(Timestamp.class).optional()
                .map(Timestamp::toInstant);
    }
}
