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
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    RemediationAction dockerRestartContainer(DockerClient docker, RemediationSettings settings, JdbcClient jdbc, Clock clock) {
        return new ContainerAction("docker.restart-container", docker, settings, jdbc, clock, true);
    }

    @Bean
    RemediationAction dockerStartContainer(DockerClient docker, RemediationSettings settings, JdbcClient jdbc, Clock clock) {
        return new ContainerAction("docker.start-container", docker, settings, jdbc, clock, false);
    }

    static final class ContainerAction implements RemediationAction {
        private final String type;
        private final DockerClient docker;
        private final RemediationSettings settings;
        private final JdbcClient jdbc;
        private final Clock clock;
        private final boolean restart;

        ContainerAction(String type, DockerClient docker, RemediationSettings settings, JdbcClient jdbc, Clock clock,
                        boolean restart) {
            this.type = type;
            this.docker = docker;
            this.settings = settings;
            this.jdbc = jdbc;
            this.clock = clock;
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
                    Instant since = clock.instant().minus(settings.docker().restartWindow());
                    long recent = jdbc.sql("SELECT count(*) FROM docker_restart WHERE container = ? AND at > ?")
                            .params(container, Timestamp.from(since)).query(Long.class).single();
                    details.put("restartsInWindow", recent);
                    if (recent >= settings.docker().restartBudget()) {
                        return ActionReport.skipped("restart budget spent: " + recent + " restarts of " + container
                                + " in the last " + settings.docker().restartWindow().toMinutes() + " min", details);
                    }
                }
                if (ctx.dryRun()) {
                    return ActionReport.done("dry run: would " + (restart ? "restart " : "start ") + container, details);
                }
                if (restart) {
                    docker.restartContainerCmd(container).withTimeout(10).exec();
                    jdbc.sql("INSERT INTO docker_restart (container, at) VALUES (?, ?)")
                            .params(container, Timestamp.from(clock.instant())).update();
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
