package io.tocsin.remediation.execution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One step of one runbook for one incident, as stored and as {@code GET /api/v1/executions} shows it.
 *
 * @param status PENDING, AWAITING_APPROVAL, RUNNING, SUCCEEDED, SKIPPED (nothing to do), FAILED, REJECTED,
 *               CANCELLED (an earlier step did not succeed)
 */
public record Execution(UUID id, UUID incidentId, String incidentKey, String runbook, int step, String action,
                        String target, Map<String, Object> parameters, String approval, boolean dryRun, long timeoutMs,
                        String status, int attempts, String worker, String decidedBy, String summary,
                        Map<String, Object> report, String error, Instant createdAt, Instant startedAt,
                        Instant finishedAt) {
}
