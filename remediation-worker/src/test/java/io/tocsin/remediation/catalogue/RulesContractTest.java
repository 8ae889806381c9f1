package io.tocsin.remediation.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract between the rules Tocsin ships ({@code deploy/prometheus/rules}) and its default runbook catalogue: a
 * runbook that no shipped alert can trigger, or a step whose template names a label the alert does not carry, is
 * automation a user never gets (issue 15: the seed's {@code PostgresConnectionPoolCritical} used to get none).
 */
class RulesContractTest {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(labels|annotations)\\.([A-Za-z0-9_]+)\\s*}}");
    private static ShippedRules rules;
    private static Catalogue catalogue;

    @BeforeAll
    static void load() throws Exception {
        rules = ShippedRules.load(Path.of("..", "deploy", "prometheus", "rules"));
        try (InputStream in = RulesContractTest.class.getResourceAsStream("/remediation/default-catalogue.yml")) {
            catalogue = Catalogue.load(in, "default", CatalogueTest.ACTIONS);
        }
    }

    @Test
    void everyRunbookAnswersAnAlertTheShippedRulesRaise() {
        List<String> orphans = catalogue.runbooks().stream()
                .filter(runbook -> rules.rules().stream().noneMatch(rule -> rule.canMatch(runbook.matchers())))
                .map(Runbook::name).toList();
        assertThat(orphans).as("runbooks no shipped rule can trigger").isEmpty();
    }

    @Test
    void everyTemplateNamesALabelOrAnnotationEveryMatchingAlertCarries() {
        List<String> problems = new ArrayList<>();
        for (Runbook runbook : catalogue.runbooks()) {
            for (ShippedRules.Rule rule : rules.rules()) {
                if (!rule.canMatch(runbook.matchers())) {
                    continue;
                }
                for (Runbook.Step step : runbook.steps()) {
                    Matcher template = TEMPLATE.matcher(step.params().toString());
                    while (template.find()) {
                        Set<String> available = template.group(1).equals("labels") ? rule.labelNames() : rule.annotations();
                        if (!available.contains(template.group(2))) {
                            problems.add("runbook '%s' step %d (%s) uses %s.%s, which alert %s does not carry (it has %s)"
                                    .formatted(runbook.name(), step.index() + 1, step.action(), template.group(1),
                                            template.group(2), rule.alert(), available));
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSeedsAutomatableAlertsEachHaveTheirRunbook() {
        Map<String, String> expected = Map.of(
                "PostgresConnectionPoolCritical", "postgres-connection-pool-exhausted",
                "PostgresSlowQueries", "postgres-slow-queries",
                "PostgresLockWaits", "postgres-lock-contention",
                "RedisMemoryCritical", "redis-memory-pressure",
                "ApiLatencyP99Critical", "api-latency-slow-queries",
                "HostDiskUsageCritical", "host-disk-space",
                "ContainerRestartLoop", "container-restart-loop",
                "BackupTooOld", "backup-too-old");
        expected.forEach((alert, runbook) -> {
            ShippedRules.Rule rule = rules.rules().stream().filter(r -> r.alert().equals(alert)).findFirst().orElseThrow(
                    () -> new AssertionError("no shipped rule raises " + alert));
            assertThat(catalogue.runbooks().stream().filter(r -> rule.canMatch(r.matchers())).map(Runbook::name))
                    .as(alert).containsExactly(runbook);
        });
    }

    @Test
    void backupRulesCarryTheLabelsOfBackupVerifiersVerdicts() {
        // incident-service's verdict alerts have these labels, so both paths share one fingerprint (ADR 0009).
        for (String alert : List.of("BackupTooOld", "BackupVerificationFailed")) {
            ShippedRules.Rule rule = rules.rules().stream().filter(r -> r.alert().equals(alert)).findFirst().orElseThrow();
            assertThat(rule.labelNames()).as(alert).containsExactlyInAnyOrder("alertname", "database", "service", "severity");
            assertThat(rule.staticLabels()).as(alert).containsEntry("service", "backup").containsEntry("severity", "warning");
        }
    }

    @Test
    void expressionLabelsAreReadConservatively() {
        assertThat(ShippedRules.expressionLabels("sum(pg_stat_activity_count) > 180")).isEmpty();
        assertThat(ShippedRules.expressionLabels(
                "max by (datname) (pg_stat_activity_max_tx_duration{state=\"active\"}) > 30")).containsExactly("datname");
        assertThat(ShippedRules.expressionLabels("changes(container_start_time_seconds{name=~\".+\"}[15m]) > 3"))
                .containsExactlyInAnyOrder("name", "job", "instance");
        assertThat(ShippedRules.expressionLabels(
                "histogram_quantile(0.99, sum by (le, route) (rate(x_bucket[5m]))) > 2")).containsExactly("route");
        assertThat(ShippedRules.expressionLabels("tocsin_backup_age_seconds > 90000"))
                .as("an unaggregated series keeps its labels, but which is unknown").containsExactlyInAnyOrder("job", "instance");
    }
}
