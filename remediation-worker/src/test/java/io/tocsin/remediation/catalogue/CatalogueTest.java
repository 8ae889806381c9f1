package io.tocsin.remediation.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tocsin.contracts.alerts.LabelMatcher;
import io.tocsin.remediation.actions.ActionContext;
import io.tocsin.remediation.actions.ActionReport;
import io.tocsin.remediation.actions.RemediationAction;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The catalogue loads whole or not at all, naming runbook, step and field for every problem. */
class CatalogueTest {

    private static RemediationAction action(String type, List<RemediationAction.Param> params, boolean needsApproval) {
        return new RemediationAction() {
            public String type() {
                return type;
            }

            public String target() {
                return "test";
            }

            public List<Param> params() {
                return params;
            }

            public void validate(Runbook.Step step, Consumer<String> errors) {
                if (needsApproval && step.approval() != Runbook.Approval.REQUIRED) {
                    errors.accept(type + " deletes every key: it needs approval: required");
                }
            }

            public ActionReport execute(ActionContext context) {
                return ActionReport.done("ok", Map.of());
            }
        };
    }

    /** Stand-ins with the real actions' types and parameters. */
    static final Map<String, RemediationAction> ACTIONS = Map.ofEntries(
            entry(action("redis.set-config", List.of(RemediationAction.Param.required("parameter", RemediationAction.Kind.STRING),
                    RemediationAction.Param.required("value", RemediationAction.Kind.STRING)), false)),
            entry(action("redis.flushall", List.of(), true)),
            entry(action("redis.delete-keys", List.of(RemediationAction.Param.required("pattern", RemediationAction.Kind.STRING)), true)),
            entry(action("postgres.terminate-long-running-queries",
                    List.of(RemediationAction.Param.optional("olderThan", RemediationAction.Kind.DURATION),
                            RemediationAction.Param.optional("database", RemediationAction.Kind.STRING)), false)),
            entry(action("docker.restart-container",
                    List.of(RemediationAction.Param.required("container", RemediationAction.Kind.STRING)), false)),
            entry(action("backup.prune-old-files", List.of(
                    RemediationAction.Param.required("directory", RemediationAction.Kind.STRING),
                    RemediationAction.Param.optional("pattern", RemediationAction.Kind.STRING),
                    RemediationAction.Param.optional("olderThanDays", RemediationAction.Kind.INTEGER)), false)),
            entry(action("docker.start-container",
                    List.of(RemediationAction.Param.required("container", RemediationAction.Kind.STRING)), false)),
            entry(action("postgres.cancel-lock-waiters",
                    List.of(RemediationAction.Param.optional("olderThan", RemediationAction.Kind.DURATION),
                            RemediationAction.Param.optional("database", RemediationAction.Kind.STRING)), false)),
            entry(action("backup.verify-now",
                    List.of(RemediationAction.Param.optional("database", RemediationAction.Kind.STRING)), false)),
            entry(action("http.request", List.of(RemediationAction.Param.required("url", RemediationAction.Kind.STRING)), false)));

    private static Map.Entry<String, RemediationAction> entry(RemediationAction action) {
        return Map.entry(action.type(), action);
    }

    private static Catalogue load(String yaml) throws Exception {
        return Catalogue.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml", ACTIONS);
    }

    @Test
    void defaultCatalogueShipsTheSeedProceduresAndValidates() throws Exception {
        try (InputStream in = CatalogueTest.class.getResourceAsStream("/remediation/default-catalogue.yml")) {
            Catalogue catalogue = Catalogue.load(in, "default", ACTIONS);
            assertThat(catalogue.runbooks()).extracting(Runbook::name).contains("postgres-connection-pool-exhausted",
                    "redis-memory-pressure", "container-restart-loop", "host-disk-space");
            assertThat(catalogue.matching(Map.of("alertname", "RedisMemoryCritical"))).extracting(Runbook::name)
                    .containsExactly("redis-memory-pressure");
            assertThat(catalogue.matching(Map.of("alertname", "ContainerRestartLoop", "name", "api"))).hasSize(1);
            Runbook pool = catalogue.runbooks().getFirst();
            assertThat(pool.steps().get(1).approval()).isEqualTo(Runbook.Approval.REQUIRED);
        }
    }

    @Test
    void reportsEveryProblemNamingRunbookStepAndField() {
        String yaml = """
                runbooks:
                  - name: broken
                    match: { alertname: X, matchers: ['severity=~"(unclosed"'] }
                    steps:
                      - action: redis.set-config
                        params: { parameter: maxmemory-policy, colour: blue }
                        timeout: soon
                      - action: redis.flushall
                      - action: teleport
                      - action: postgres.terminate-long-running-queries
                        params: { olderThan: yesterday }
                        approval: maybe
                  - name: broken
                    steps: []
                """;
        assertThatThrownBy(() -> load(yaml)).isInstanceOfSatisfying(CatalogueException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "runbook 'broken': match.matchers[0]: invalid regex in severity=~\"(unclosed\": Unclosed group",
                        "runbook 'broken' step 1 (redis.set-config): timeout is not a duration (e.g. 30s, 5m): soon",
                        "runbook 'broken' step 1 (redis.set-config): params.value is required",
                        "runbook 'broken' step 1 (redis.set-config): params.colour is not a parameter of redis.set-config",
                        "runbook 'broken' step 2 (redis.flushall): redis.flushall deletes every key: it needs approval: required",
                        "runbook 'broken' step 3: action: unknown type 'teleport' (known: backup.prune-old-files, backup.verify-now, "
                                + "docker.restart-container, docker.start-container, http.request, postgres.cancel-lock-waiters, "
                                + "postgres.terminate-long-running-queries, redis.delete-keys, redis.flushall, redis.set-config)",
                        "runbook 'broken' step 4 (postgres.terminate-long-running-queries): approval must be none or required, was 'maybe'",
                        "runbook 'broken' step 4 (postgres.terminate-long-running-queries): params.olderThan must be a duration (e.g. 30s, 5m), was 'yesterday'",
                        "runbook 'broken': name is used twice",
                        "runbook 'broken': match is required (label equalities and/or matchers)",
                        "runbook 'broken': steps must be a non-empty list"));
    }

    @Test
    void matchersFollowPrometheusSemantics() {
        assertThat(LabelMatcher.parse("severity=~\"warning|critical\"").matches(Map.of("severity", "critical"))).isTrue();
        assertThat(LabelMatcher.parse("severity=~\"warn\"").matches(Map.of("severity", "warning"))).as("anchored").isFalse();
        assertThat(LabelMatcher.parse("env!=\"staging\"").matches(Map.of())).isTrue();
        assertThat(LabelMatcher.parse("container=~\".+\"").matches(Map.of())).isFalse();
        assertThat(LabelMatcher.parse("team!~\"db|infra\"").matches(Map.of("team", "web"))).isTrue();
        assertThatThrownBy(() -> LabelMatcher.parse("severity=critical")).hasMessageContaining("not a label matcher");
    }

    @Test
    void templatesRenderLabelsAnnotationsAndIncidentOrNameTheMissingOne() {
        Map<String, Object> rendered = Templates.render(Map.of("container", "{{ labels.container }}",
                        "headers", Map.of("X-Incident", "{{incident.key}}"), "body", "{{ annotations.summary }} on {{ labels.instance }}"),
                Map.of("container", "api-1", "instance", "node-3"), Map.of("summary", "API down"), Map.of("key", "INC-9"));
        assertThat(rendered).containsEntry("container", "api-1").containsEntry("body", "API down on node-3")
                .containsEntry("headers", Map.of("X-Incident", "INC-9"));
        assertThatThrownBy(() -> Templates.render(Map.of("container", "{{ labels.container }}"), Map.of(), Map.of(), Map.of()))
                .hasMessage("params.container: label 'container' is not set on the alert");
    }
}
