package io.tocsin.remediation.actions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.tocsin.remediation.RemediationSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Docker Engine API actions through docker-java (host: unix socket or TCP,
 * {@code tocsin.remediation.docker.host}):
 * <ul>
 *   <li>{@code docker.restart-container}: {@code POST /containers/{id}/restart}, within a restart budget
 *   (default at most 3 per container per 15 minutes) so remediation cannot cause a restart loop;</li>
 *   <li>{@code docker.start-container}: {@code POST /containers/{id}/start}, skipped when already running.</li>
 * </ul>
 * An unknown container or a refused request is permanent; an Engine error (5xx) or no connection is
 * transient. Verifies {@code State.Running} afterwards.
 */
@Configuration(proxyBeanMethods = false)
class DockerActions {

    @Bean
    DockerClient dockerClient(RemediationSettings settings) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.docker().host())
                .withApiVersion(settings.docker().apiVersion())
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Bean
    RemediationAction dockerRestartContainer(DockerClient docker, RemediationSettings settings, JdbcClient jdbc,
                                             TransactionTemplate tx, Clock clock) {
        return new ContainerAction("docker.restart-container", docker, settings, new RestartBudget(jdbc, tx, clock,
                settings.docker().restartBudget(), settings.docker().restartWindow()), true);
    }

    @Bean
    RemediationAction dockerStartContainer(DockerClient docker, RemediationSettings settings, JdbcClient jdbc,
                                           TransactionTemplate tx, Clock clock) {
        return new ContainerAction("docker.start-container", docker, settings, new RestartBudget(jdbc, tx, clock,
                settings.docker().restartBudget(), settings.docker().restartWindow()), false);
    }

    static final class ContainerAction implements RemediationAction {
        private ActionReport spent(String container, long recent, Map<String, Object> details) {
            return ActionReport.skipped("restart budget spent: " + recent + " restarts of " + container
                    + " in the last " + settings.docker().restartWindow().toMinutes() + " min", details);
        }

        private final String type;
        private final DockerClient docker;
        private final RemediationSettings settings;
        private final RestartBudget budget;
        private final boolean restart;

        ContainerAction(String type, DockerClient docker, RemediationSettings settings, RestartBudget budget,
                        boolean restart) {
            this.type = type;
            this.docker = docker;
            this.settings = settings;
            this.budget = budget;
            this.restart = restart;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String target() {
            return "docker";
        }

        @Override
        public List<Param> params() {
            return List.of(Param.required("container", Kind.STRING));
        }

        @Override
        public ActionReport execute(ActionContext ctx) {
            String container = ctx.string("container");
            try {
                InspectContainerResponse before = docker.inspectContainerCmd(container).exec();
                boolean running = Boolean.TRUE.equals(before.getState().getRunning());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("container", container);
                details.put("id", before.getId());
                details.put("runningBefore", running);
                details.put("restartCount", before.getRestartCount());
                if (!restart && running) {
                    return ActionReport.skipped("already running: " + container, details);
                }
                if (restart) {
                    long recent = budget.recent(container);
                    details.put("restartsInWindow", recent);
                    if (!budget.allows(recent)) {
                        return spent(container, recent, details);
                    }
                }
                if (ctx.dryRun()) {
                    return ActionReport.done("dry run: would " + (restart ? "restart " : "start ") + container, details);
                }
                if (restart) {
                    java.util.Optional<java.time.Instant> reserved = budget.reserve(container);
                    if (reserved.isEmpty()) { // another execution took the last slot meanwhile
                        return spent(container, budget.recent(container), details);
                    }
                    try {
                        docker.restartContainerCmd(container).withTimeout(10).exec();
                    } catch (RuntimeException e) {
                        budget.release(container, reserved.get()); // no restart happened: it does not count
                        throw e;
                    }
                } else {
                    docker.startContainerCmd(container).exec();
                }
                InspectContainerResponse after = docker.inspectContainerCmd(container).exec();
                details.put("runningAfter", after.getState().getRunning());
                if (!Boolean.TRUE.equals(after.getState().getRunning())) {
                    throw new TransientFailure(container + " is not running after " + (restart ? "restart" : "start"), null);
                }
                return ActionReport.done((restart ? "restarted " : "started ") + container, details);
            } catch (NotFoundException e) {
                throw new PermanentFailure("unknown container '" + container + "'", e);
            } catch (BadRequestException | ConflictException | UnauthorizedException e) {
                throw new PermanentFailure("Docker refused: " + e.getMessage(), e);
            } catch (DockerException e) {
                throw new TransientFailure("Docker Engine error: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (e instanceof PermanentFailure || e instanceof TransientFailure) {
                    throw e;
                }
                throw new TransientFailure("Docker Engine unreachable: " + e.getMessage(), e);
            }
        }
    }
}
