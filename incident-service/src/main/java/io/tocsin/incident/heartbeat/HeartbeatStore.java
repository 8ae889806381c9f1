package io.tocsin.incident.heartbeat;

import java.time.Instant;
import java.util.Optional;

/** When each heartbeat was last seen ({@code incident.heartbeat}). */
public interface HeartbeatStore {

    /** Records that a heartbeat arrived at {@code at} (arming it); never moves its last-seen time back. */
    void seen(String name, Instant at);

    /** When a heartbeat was last seen; empty when never (not armed). */
    Optional<Instant> lastSeen(String name);
}
