package io.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tocsin.contracts.json.TocsinJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard ({@code deploy/grafana/dashboards/tocsin.json}) and Tocsin's own alert rules
 * ({@code deploy/prometheus/rules/tocsin.yml}) use only metrics the running services export: every metric name
 * in their expressions appears in some service's {@code /actuator/prometheus}, scraped from a running standalone
 * after one webhook went through.
 */
@Tag("e2e")
class MonitoringIT {

    /** Names that look like Tocsin's or its libraries' metrics; Prometheus' own ({@code up}) are left out. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b(tocsin_[a-z0-9_]+|spring_cloud_stream_[a-z0-9_]+|http_server_requests_[a-z0-9_]+|kafka_[a-z0-9_]+|jvm_[a-z0-9_]+)\\b");
    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dashboardAndTocsinRulesUseOnlyExportedMetrics() throws Exception {
        RunningStandalone tocsin = RunningStandalone.get();
        assertThat(tocsin.postAlerts(RunningStandalone.firingSample("monitoring-it", "Monitoring IT")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> tocsin.api("/api/v1/incidents?service=monitoring-it").get("total").asInt() == 1);

        Path repo = Path.of("..").toAbsolutePath().normalize();
        JsonNode dashboard = TocsinJson.mapper().readTree(Files.readString(repo.resolve("deploy/grafana/dashboards/tocsin.json")));
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.has("targets")) {
                for (JsonNode target : panel.get("targets")) {
                    if (target.has("expr")) {
                        used.addAll(metrics(target.get("expr").asString()));
                    }
                }
            }
        }
        assertThat(used).as("the dashboard queries Tocsin metrics").contains("tocsin_alerts_received_total");
        Set<String> fromRules = metrics(Files.readString(repo.resolve("deploy/prometheus/rules/tocsin.yml")));
        used.addAll(fromRules);

        int[] ports = {tocsin.ingestPort, tocsin.incidentPort, tocsin.remediationPort, tocsin.notifierPort, tocsin.backupPort};
        TreeMap<String, Integer> exported = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            exported.clear();
            for (int port : ports) {
                for (String name : exportedNames(port)) {
                    exported.put(name, port);
                }
            }
            assertThat(exported.keySet()).as("metrics used by the dashboard or tocsin.yml but exported by no service")
                    .containsAll(used);
        });
    }

    @Test
    void openMetricsScrapesCarryNoExemplarOnACount() throws Exception {
        // Prometheus before 2.43 (Debian 12 ships 2.42) drops a whole OpenMetrics scrape with an exemplar on a
        // summary's or histogram's _count: every Tocsin target went down (found by the drills).
        RunningStandalone tocsin = RunningStandalone.get();
        assertThat(tocsin.postAlerts(RunningStandalone.firingSample("monitoring-exemplars", "Exemplars")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                tocsin.api("/api/v1/incidents?service=monitoring-exemplars").get("total").asInt() == 1);
        Pattern exemplarOnCount = Pattern.compile("(?m)^\\w+_count(\\{[^}]*})? \\S+ # \\{");
        for (int port : new int[] {tocsin.ingestPort, tocsin.incidentPort, tocsin.remediationPort, tocsin.notifierPort,
                tocsin.backupPort}) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .header("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
            Matcher found = exemplarOnCount.matcher(scrape.body());
            assertThat(found.find() ? found.group() : null).as("exemplar on a _count, port " + port).isNull();
        }
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Sample names in a Prometheus text exposition. */
    private static Set<String> exportedNames(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("scrape of port " + port).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add((end < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, end)).strip());
            }
        }
        return names;
    }
}
