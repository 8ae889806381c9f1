package io.tocsin.remediation;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * remediation-worker configuration, {@code tocsin.remediation.*}.
 *
 * @param catalogue    runbook catalogue YAML ({@code TOCSIN_REMEDIATION_CATALOGUE}): a file path or {@code classpath:}
 * @param dryRun       record what would run, touch nothing ({@code TOCSIN_REMEDIATION_DRY_RUN}); runbooks may override
 * @param pollInterval how often the worker looks for steps to run
 * @param leaseMargin  added to a step's timeout for its lease; a step RUNNING past its lease is taken over
 * @param concurrency  steps run at once by this worker (each target also has a bulkhead)
 * @param workerId     this instance's name in the execution records; default host name and pid
 * @param approvals    who may approve {@code approval: required} steps and how long a request waits, unless a runbook
 *                     says otherwise
 */
@Validated
@ConfigurationProperties("tocsin.remediation")
public record RemediationSettings(
        @NotNull @DefaultValue("classpath:remediation/default-catalogue.yml") String catalogue,
        @DefaultValue("true") boolean dryRun,
        @NotNull @DefaultValue("500ms") Duration pollInterval,
        @NotNull @DefaultValue("30s") Duration leaseMargin,
        @DefaultValue("8") int concurrency,
        String workerId,
        @NotNull @DefaultValue Postgres postgres,
        @NotNull @DefaultValue Redis redis,
        @NotNull @DefaultValue Docker docker,
        @NotNull @DefaultValue Http http,
        @NotNull @DefaultValue Approvals approvals) {

    /**
     * The default approval policy ({@code tocsin.remediation.approvals.*}); a runbook's {@code approvers},
     * {@code approverGroups} and {@code approvalTimeout} replace it.
     *
     * @param approvers      Slack user ids ({@code U…}) who may approve or reject; with {@code approverGroups} also empty,
     *                       any Slack user may (logged as a warning at start-up)
     * @param approverGroups Slack user group ids ({@code S…}) whose members may
     * @param timeout        how long a request waits; then the step is skipped ({@code approval_expired}); default 30 min
     * @param sweepInterval  how often expired requests are looked for
     */
    public record Approvals(List<String> approvers, List<String> approverGroups, @DefaultValue("30m") Duration timeout,
                            @DefaultValue("15s") Duration sweepInterval) {
        public Approvals {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
            approverGroups = approverGroups == null ? List.of() : List.copyOf(approverGroups);
        }
    }

    /**
     * The PostgreSQL that {@code postgres.*} actions act on.
     *
     * @param url                 JDBC URL; default the service's own database ({@code TOCSIN_DATABASE_URL})
     * @param terminateSuperusers whether superuser backends may be ended (default never)
     */
    public record Postgres(String url, String username, String password, @DefaultValue("false") boolean terminateSuperusers) {
    }

    /** The Redis that {@code redis.*} actions act on, e.g. {@code redis://:password@host:6379/0}. */
    public record Redis(@DefaultValue("redis://127.0.0.1:6379") String uri) {
    }

    /**
     * The Docker Engine for {@code docker.*} actions.
     *
     * @param host          {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}
     * @param apiVersion    Engine API version to speak
     * @param restartBudget restarts allowed per container per {@code restartWindow} (no restart loops)
     */
    public record Docker(@DefaultValue("unix:///var/run/docker.sock") String host, @DefaultValue("1.43") String apiVersion,
                         @DefaultValue("3") int restartBudget, @DefaultValue("15m") Duration restartWindow) {
    }

    /**
     * {@code http.request}: secrets that header values may name as {@code secret:NAME}, so tokens stay out
     * of the catalogue and out of reports.
     */
    public record Http(Map<String, String> secrets) {
        public Http {
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }
    }
}
