package io.tocsin.standalone;

import io.tocsin.backup.BackupVerifierApplication;
import io.tocsin.incident.IncidentServiceApplication;
import io.tocsin.incident.console.LocalSignIn;
import io.tocsin.ingest.IngestApplication;
import io.tocsin.notify.NotifierApplication;
import io.tocsin.remediation.RemediationApplication;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.notify.slack.SlackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tocsin's zero-setup default: an embedded Kafka KRaft broker ({@code ./data/kafka}, port 9092,
 * controller 19093), an embedded PostgreSQL ({@code ./data/postgres}) and every service (alert-ingest
 * 8081, incident-service 8082, remediation-worker 8083 in dry run, notifier 8084, backup-verifier 8085), each on its
 * own port, in one JVM. {@code TOCSIN_KAFKA_BOOTSTRAP_SERVERS} / {@code TOCSIN_DATABASE_URL} replace
 * the embedded servers with real ones. Data survives restarts; Ctrl-C stops services first, then the
 * broker and the database.
 */
public final class TocsinStandalone {

    private static final Logger log = LoggerFactory.getLogger(TocsinStandalone.class);

    private final StandaloneSettings settings;
    private final List<AutoCloseable> running = new ArrayList<>();

    TocsinStandalone(StandaloneSettings settings) {
        this.settings = settings;
    }

    /** Starts everything and blocks until the JVM is asked to stop. */
    public static void main(String[] args) throws Exception {
        TocsinStandalone standalone = new TocsinStandalone(StandaloneSettings.from(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standalone.stop();
            stopped.countDown();
        }, "tocsin-shutdown"));
        try {
            standalone.start(args);
        } catch (StartFailure e) {
            log.error("standalone.failed: {}", e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("standalone.failed reason=\"{}\"", e.getMessage(), e);
            System.exit(1);
        }
        if (standalone.settings.exitWhenReady()) {
            log.info("standalone.exit_when_ready: started, stopping (TOCSIN_STANDALONE_EXIT_WHEN_READY)");
            System.exit(0);
        }
        stopped.await();
    }

    /**
     * Why the standalone cannot start, in one line that names what to change (a port and the variable that moves
     * it, a data folder in use); {@link #main} prints it and exits with status 2.
     */
    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    /**
     * Starts the embedded servers (unless external ones are configured) and the services, in that order, then prints
     * the {@link StartupBanner}.
     *
     * @throws StartFailure when a port is held by another program or the data folder is in use
     */
    void start(String... args) throws IOException, SQLException {
        Files.createDirectories(settings.dataDir());
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(settings);
        infrastructure.checkPorts();
        EmbeddedInfrastructure.Endpoints endpoints = infrastructure.start(running);
        ServiceLauncher services = new ServiceLauncher(running);
        Credentials credentials = new Credentials(settings.dataDir());

        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("TOCSIN_KAFKA_BOOTSTRAP_SERVERS", endpoints.kafka());
        shared.put("spring.kafka.bootstrap-servers", endpoints.kafka());
        shared.put("spring.cloud.stream.kafka.binder.brokers", endpoints.kafka());
        String ingestAuth = credentials.ingest(shared);
        String apiAuth = credentials.api(shared);
        Map<String, Object> withDatabase = new LinkedHashMap<>(shared);
        withDatabase.put("spring.datasource.url", endpoints.dbUrl());
        withDatabase.put("spring.datasource.username", endpoints.dbUser());
        withDatabase.put("spring.datasource.password", endpoints.dbPassword());

        ConfigurableApplicationContext incident = services.start(ServiceLauncher.Service.INCIDENT,
                IncidentServiceApplication.class, IncidentServiceApplication.CONFIG_NAME, withDatabase, args);
        ConfigurableApplicationContext notifier = services.start(ServiceLauncher.Service.NOTIFIER,
                NotifierApplication.class, NotifierApplication.CONFIG_NAME, withDatabase, args);
        String slack = notifier.getBean(SlackSettings.class).enabled()
                ? "on (bot token from TOCSIN_SLACK_BOT_TOKEN)" : "off: set TOCSIN_SLACK_BOT_TOKEN and TOCSIN_SLACK_SIGNING_SECRET";
        ConfigurableApplicationContext remediation = services.start(ServiceLauncher.Service.REMEDIATION,
                RemediationApplication.class, RemediationApplication.CONFIG_NAME, withDatabase, args);
        String remediationMode = remediation.getBean(RemediationSettings.class).dryRun()
                ? "dry run: records what it would do (TOCSIN_REMEDIATION_DRY_RUN=false to act)" : "ACTING on targets";

        Map<String, Object> backup = new LinkedHashMap<>(withDatabase);
        String backupDirectory = env("TOCSIN_BACKUP_DIRECTORY", "");
        String backupMode;
        if (backupDirectory.isBlank()) {
            // No backups configured: no nightly "no backup found" incident for a newcomer; on demand still works.
            backup.put("tocsin.backup.directory", settings.dataDir().resolve("backups").toString());
            backup.put("tocsin.backup.schedule", "-");
            backupMode = "nightly check off: set TOCSIN_BACKUP_DIRECTORY (and TOCSIN_BACKUP_SOURCE_URL); looks in "
                    + settings.dataDir().resolve("backups") + " on demand";
        } else {
            backupMode = "nightly at 04:00 UTC on " + backupDirectory;
        }
        ConfigurableApplicationContext backups = services.start(ServiceLauncher.Service.BACKUP,
                BackupVerifierApplication.class, BackupVerifierApplication.CONFIG_NAME, backup, args);
        ConfigurableApplicationContext ingest = services.start(ServiceLauncher.Service.INGEST, IngestApplication.class,
                IngestApplication.CONFIG_NAME, shared, args);

        String console = incident.getBean(LocalSignIn.class).newLink()
                .map(link -> "sign in once with " + link + "\n                 (a new link: the sign-in page prints one to this log)")
                .orElse("sign in through your identity provider (TOCSIN_CONSOLE_OIDC_ISSUER)");
        log.info(new StartupBanner(port(ingest), ingestAuth, port(incident), apiAuth, console, port(notifier), slack,
                port(remediation), remediationMode, port(backups), backupMode, endpoints, settings.dataDir()).text());
    }

    private static String port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port");
    }

    /** Stops the services, then the broker and the database. */
    synchronized void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                log.warn("standalone.stop_failed component={} reason=\"{}\"", i, e.getMessage());
            }
        }
        running.clear();
    }

    /** A setting as Spring reads it: a system property of that name first, then the environment variable. */
    static String env(String name, String fallback) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null ? fallback : v;
    }
}
