package io.tocsin.standalone;

import java.nio.file.Path;

/**
 * The lines the standalone prints once everything is up: where each service answers, how auth is set (never a
 * secret; the web console's one-time sign-in link is the exception, as the admin token's file is), what Slack, remediation and backups will do, and where the data lives.
 */
record StartupBanner(String ingestPort, String ingestAuth, String incidentPort, String apiAuth, String console,
                     String notifierPort,
                     String slack, String remediationPort, String remediationMode, String backupPort, String backupMode,
                     EmbeddedInfrastructure.Endpoints endpoints, Path dataDir) {

    String text() {
        return """

                Tocsin standalone is up
                  alert-ingest   http://127.0.0.1:%s/api/v1/alerts/alertmanager
                  ingest auth    %s
                  incident API   http://127.0.0.1:%s/api/v1/incidents   (OpenAPI: /v3/api-docs)
                  API auth       %s
                  web console    http://localhost:%s/console
                                 %s
                  status page    http://127.0.0.1:%s/status
                  Slack          %s
                  Slack app URLs http://<public host>:%s/slack/interactions and /slack/commands
                  remediation    http://127.0.0.1:%s/api/v1/executions   (%s)
                  backups        http://127.0.0.1:%s/api/v1/verifications/latest   (%s)
                  Kafka          %s (%s)
                  PostgreSQL     %s (%s)
                  data           %s
                Stop with Ctrl-C.""".formatted(ingestPort, ingestAuth, incidentPort, apiAuth, incidentPort, console, notifierPort, slack,
                notifierPort, remediationPort, remediationMode, backupPort, backupMode, endpoints.kafka(),
                endpoints.kafkaNote(), endpoints.dbUrl(), endpoints.dbNote(), dataDir);
    }
}
