package io.tocsin.incident.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where maintenance windows are kept ({@code incident.maintenance_window}): never deleted, only ended early. */
public interface MaintenanceWindowStore {

    void insert(MaintenanceWindow window);

    Optional<MaintenanceWindow> find(UUID id);

    /** A window row-locked, so its start and end are applied once. */
    Optional<MaintenanceWindow> findForUpdate(UUID id);

    /** All windows, newest start first. */
    List<MaintenanceWindow> all(int limit);

    /** Windows active at {@code now}, oldest first. */
    List<MaintenanceWindow> activeAt(Instant now);

    /** Windows whose start is due at {@code now} and not yet applied. */
    List<UUID> startDue(Instant now);

    /** Windows whose end is due at {@code now} and not yet applied. */
    List<UUID> endDue(Instant now);

    /** Marks the start applied; false when it already was. */
    boolean markStartApplied(UUID id);

    /** Marks the end applied (and the start, for a window that ended before it was ever applied); false when it already was. */
    boolean markEndApplied(UUID id);

    /** Ends a window early: its end moves to {@code at} (a pending window's start too). */
    void endEarly(UUID id, Instant at, String by);

    /** Keeps what customers are told of a window ({@code maintenance_notice}). */
    void insertNotice(UUID windowId, MaintenanceWindow.Notice notice);

    /** What customers are told of a window; empty for an internal one. */
    Optional<MaintenanceWindow.Notice> notice(UUID windowId);
}
