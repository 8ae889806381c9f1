package io.tocsin.bench;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Alertmanager webhook v4 payloads as a real Alertmanager sends them: one group per webhook, {@code alerts}
 * firing alerts with {@code alertname}, {@code service}, {@code instance}, {@code severity} labels and a fixed
 * {@code startsAt} per alert, so a resend of the same group carries the same alert identities (fingerprint +
 * startsAt) and Tocsin must deduplicate it. Every label set carries {@code bench_run} so a run's alerts can be
 * found in the database.
 */
public final class Payloads {

    private final String run;
    private final Instant startsAt;

    public Payloads(String run, Instant startsAt) {
        this.run = run;
        this.startsAt = startsAt;
    }

    /** The groupKey Alertmanager would compute for {@code group_by: [alertname, service]}. */
    public String groupKey(String alertname, String service) {
        return "{}:{alertname=\"" + alertname + "\", service=\"" + service + "\"}";
    }

    /**
     * A webhook of {@code count} alerts of one group, alert numbers {@code first … first+count-1}.
     *
     * @param alertname the group's alertname
     * @param service   the group's service label
     */
    public String webhook(String alertname, String service, int first, int count) {
        StringBuilder alerts = new StringBuilder(count * 420);
        for (int i = first; i < first + count; i++) {
            if (alerts.length() > 0) {
                alerts.append(',');
            }
            alerts.append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"").append(alertname)
                    .append("\",\"service\":\"").append(service)
                    .append("\",\"instance\":\"host-").append(i).append(":9100\",\"severity\":\"warning\",\"bench_run\":\"")
                    .append(run).append("\"},\"annotations\":{\"summary\":\"").append(alertname).append(" on ").append(service)
                    .append("\",\"description\":\"Synthetic load from bin/bench\"},\"startsAt\":\"")
                    .append(DateTimeFormatter.ISO_INSTANT.format(startsAt.plusMillis(i % 1000)))
                    .append("\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=up\"}");
        }
        return "{\"version\":\"4\",\"groupKey\":" + quote(groupKey(alertname, service)) + ",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"tocsin\",\"groupLabels\":{\"alertname\":\"" + alertname
                + "\",\"service\":\"" + service + "\"},\"commonLabels\":{\"alertname\":\"" + alertname + "\",\"service\":\""
                + service + "\",\"severity\":\"warning\",\"bench_run\":\"" + run + "\"},\"commonAnnotations\":{},"
                + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + alerts + "]}";
    }

    /** The same alerts for Alertmanager's own {@code POST /api/v2/alerts}. */
    String alertmanagerApiAlerts(String alertname, String service, int first, int count) {
        StringBuilder alerts = new StringBuilder(count * 300).append('[');
        for (int i = first; i < first + count; i++) {
            if (i > first) {
                alerts.append(',');
            }
            alerts.append("{\"labels\":{\"alertname\":\"").append(alertname).append("\",\"service\":\"").append(service)
                    .append("\",\"instance\":\"host-").append(i).append(":9100\",\"severity\":\"warning\",\"bench_run\":\"")
                    .append(run).append("\"},\"annotations\":{\"summary\":\"").append(alertname).append(" on ").append(service)
                    .append("\"},\"startsAt\":\"").append(DateTimeFormatter.ISO_INSTANT.format(startsAt.plusMillis(i % 1000)))
                    .append("\",\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=up\"}");
        }
        return alerts.append(']').toString();
    }

    String run() {
        return run;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
