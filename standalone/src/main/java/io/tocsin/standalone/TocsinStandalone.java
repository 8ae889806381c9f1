package io.tocsin.standalone;

import io.tocsin.backup.BackupVerifierApplication;
import io.tocsin.common.embedded.EmbeddedKafkaBroker;
import io.tocsin.common.embedded.EmbeddedPostgres;
import io.tocsin.incident.IncidentServiceApplication;
import io.tocsin.ingest.IngestApplication;
import io.tocsin.notify.NotifierApplication;
import io.tocsin.remediation.RemediationApplication;
import io.tocsin.remediation.RemediationSettings;
import io.tocsin.notify.slack.SlackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

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

    /**
     * Auto-configurations each context must not run although their jars are on the shared class path
     * because another service needs them (JDBC, Flyway, Security, Spring Cloud Stream, Modulith, springdoc,
     * Resilience4j).
     */
    private static final List<String> NOT_FOR_INGEST = List.of("org.springframework.boot.jdbc.",
            "org.springframework.boot.flyway.", "org.springframework.boot.security.", "org.springframework.boot.sql.",
            "org.springframework.cloud.", "org.springframework.modulith.", "org.springdoc.", "io.github.resilience4j.");
    private static final List<String> NOT_FOR_INCIDENT = List.of("io.github.resilience4j.");
    private static final List<String> NOT_FOR_NOTIFIER = List.of("org.springframework.boot.security.",
            "org.springframework.modulith.", "org.springdoc.");
    private static final List<String> NOT_FOR_REMEDIATION = List.of("org.springdoc.");
    private static final List<String> NOT_FOR_BACKUP = List.of("org.springdoc.", "io.github.resilience4j.");

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
     * Starts the embedded servers (unless external ones are configured) and the services, in that order.
     *
     * @throws StartFailure when a port is held by another program or the data folder is in use
     */
    void start(String... args) throws IOException, SQLException {
        Files.createDirectories(settings.dataDir());
        checkPorts();
        String kafka = settings.kafkaBootstrap();
        String kafkaNote = "external";
        if (kafka == null) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.dataDir().resolve("kafka"),
                    settings.kafkaPort(), settings.controllerPort()).start();
            running.add(broker);
            kafka = broker.bootstrapServers();
            kafkaNote = "embedded, data in " + broker.dataDir();
        }
        String dbUrl = settings.databaseUrl();
        String dbUser = env("TOCSIN_DATABASE_USERNAME", "postgres");
        String dbPassword = env("TOCSIN_DATABASE_PASSWORD", "");
        String dbNote = "external";
        if (dbUrl == null) {
            EmbeddedPostgres postgres;
            try {
                postgres = new EmbeddedPostgres(settings.dataDir().resolve("postgres"), settings.postgresPort()).start();
            } catch (EmbeddedPostgres.PortInUse e) {
                throw portTaken(e.port(), "embedded PostgreSQL", "TOCSIN_STANDALONE_POSTGRES_PORT");
            } catch (EmbeddedPostgres.DataDirectoryInUse e) {
                throw new StartFailure(e.getMessage() + " (TOCSIN_DATA_DIR)");
            }
            running.add(postgres);
            createDatabaseIfMissing(postgres.jdbcUrl("postgres"), "tocsin");
            dbUrl = postgres.jdbcUrl("tocsin");
            dbUser = "postgres";
            dbPassword = "";
            dbNote = "embedded, data in " + settings.dataDir().resolve("postgres");
        }

        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("TOCSIN_KAFKA_BOOTSTRAP_SERVERS", kafka);
        shared.put("spring.kafka.bootstrap-servers", kafka);
        shared.put("spring.cloud.stream.kafka.binder.brokers", kafka);

        String ingestAuth = ingestAuth(shared);
        String apiAuth = apiAuth(shared);
        Map<String, Object> withDatabase = new LinkedHashMap<>(shared);
        withDatabase.put("spring.datasource.url", dbUrl);
        withDatabase.put("spring.datasource.username", dbUser);
        withDatabase.put("spring.datasource.password", dbPassword);

        Map<String, Object> incident = new LinkedHashMap<>(withDatabase);
        incident.put("spring.autoconfigure.exclude", excluded(NOT_FOR_INCIDENT));
        ConfigurableApplicationContext incidentContext = service(IncidentServiceApplication.class,
                IncidentServiceApplication.CONFIG_NAME, incident, args);

        Map<String, Object> notifier = new LinkedHashMap<>(withDatabase);
        notifier.put("spring.autoconfigure.exclude", excluded(NOT_FOR_NOTIFIER));
        ConfigurableApplicationContext notifierContext = service(NotifierApplication.class, NotifierApplication.CONFIG_NAME,
                notifier, args);
        String slack = notifierContext.getBean(SlackSettings.class).enabled()
                ? "on (bot token from TOCSIN_SLACK_BOT_TOKEN)" : "off: set TOCSIN_SLACK_BOT_TOKEN and TOCSIN_SLACK_SIGNING_SECRET";

        Map<String, Object> remediation = new LinkedHashMap<>(withDatabase);
        remediation.put("spring.autoconfigure.exclude", excluded(NOT_FOR_REMEDIATION));
        ConfigurableApplicationContext remediationContext = service(RemediationApplication.class,
                RemediationApplication.CONFIG_NAME, remediation, args);
        String remediationMode = remediationContext.getBean(RemediationSettings.class).dryRun()
                ? "dry run: records what it would do (TOCSIN_REMEDIATION_DRY_RUN=false to act)" : "ACTING on targets";

        Map<String, Object> backup = new LinkedHashMap<>(withDatabase);
        backup.put("spring.autoconfigure.exclude", excluded(NOT_FOR_BACKUP));
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
        ConfigurableApplicationContext backupContext = service(BackupVerifierApplication.class,
                BackupVerifierApplication.CONFIG_NAME, backup, args);
        String backupPort = backupContext.getEnvironment().getProperty("local.server.port");

        Map<String, Object> ingest = new LinkedHashMap<>(shared);
        ingest.put("spring.autoconfigure.exclude", excluded(NOT_FOR_INGEST));
        ConfigurableApplicationContext ingestContext = service(IngestApplication.class, IngestApplication.CONFIG_NAME,
                ingest, args);

        String ingestPort = ingestContext.getEnvironment().getProperty("local.server.port");
        String incidentPort = incidentContext.getEnvironment().getProperty("local.server.port");
        String notifierPort = notifierContext.getEnvironment().getProperty("local.server.port");
        String remediationPort = remediationContext.getEnvironment().getProperty("local.server.port");
        log.info("""

                Tocsin standalone is up
                  alert-ingest   http://127.0.0.1:{}/api/v1/alerts/alertmanager
                  ingest auth    {}
                  incident API   http://127.0.0.1:{}/api/v1/incidents   (OpenAPI: /v3/api-docs)
                  API auth       {}
                  status page    http://127.0.0.1:{}/status
                  Slack          {}
                  Slack app URLs http://<public host>:{}/slack/interactions and /slack/commands
                  remediation    http://127.0.0.1:{}/api/v1/executions   ({})
                  backups        http://127.0.0.1:{}/api/v1/verifications/latest   ({})
                  Kafka          {} ({})
                  PostgreSQL     {} ({})
                  data           {}
                Stop with Ctrl-C.""", ingestPort, ingestAuth, incidentPort, apiAuth, notifierPort, slack, notifierPort,
                remediationPort, remediationMode, backupPort, backupMode, kafka,
                kafkaNote, dbUrl, dbNote,
                settings.dataDir());
    }

    /**
     * Fails fast, before anything starts, when a port this standalone would listen on is held by another program:
     * the embedded broker's (unless {@code TOCSIN_KAFKA_BOOTSTRAP_SERVERS} is set) and the five services'. The embedded
     * PostgreSQL's port is checked when it starts, after an orphan of a crashed run has been stopped.
     */
    private void checkPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (settings.kafkaBootstrap() == null) {
            ports.put("TOCSIN_STANDALONE_KAFKA_PORT embedded Kafka", settings.kafkaPort());
            ports.put("TOCSIN_STANDALONE_CONTROLLER_PORT embedded Kafka controller", settings.controllerPort());
        }
        ports.put("TOCSIN_INGEST_PORT alert-ingest", servicePort("TOCSIN_INGEST_PORT", 8081));
        ports.put("TOCSIN_INCIDENT_PORT incident-service", servicePort("TOCSIN_INCIDENT_PORT", 8082));
        ports.put("TOCSIN_REMEDIATION_PORT remediation-worker", servicePort("TOCSIN_REMEDIATION_PORT", 8083));
        ports.put("TOCSIN_NOTIFIER_PORT notifier", servicePort("TOCSIN_NOTIFIER_PORT", 8084));
        ports.put("TOCSIN_BACKUP_PORT backup-verifier", servicePort("TOCSIN_BACKUP_PORT", 8085));
        ports.forEach((key, port) -> {
            if (port != 0 && !free(port)) {
                int space = key.indexOf(' ');
                throw portTaken(port, key.substring(space + 1), key.substring(0, space));
            }
        });
    }

    private static StartFailure portTaken(int port, String what, String variable) {
        return new StartFailure("port " + port + " (" + what + ") is in use by another program: stop it, or set "
                + variable + " to a free port");
    }

    /** A service's port as Spring will resolve {@code ${VARIABLE:default}}: system property, then environment. */
    private static int servicePort(String variable, int fallback) {
        String value = System.getProperty(variable, System.getenv(variable));
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new StartFailure(variable + " must be a port number, got \"" + value + "\"");
        }
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts one service's context. {@code overrides} win over the service's own yml (they are what this
     * standalone decided: broker, database, generated tokens); the environment still wins over the yml.
     */
    private ConfigurableApplicationContext service(Class<?> application, String configName, Map<String, Object> overrides,
                                                   String... args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties("spring.config.name=" + configName)
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("tocsin-standalone", overrides)))
                .registerShutdownHook(false)
                .run(args);
        running.add(context::close);
        return context;
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

    /**
     * Ingest credentials: {@code TOCSIN_INGEST_TOKENS} when set; auth off when
     * {@code TOCSIN_INGEST_AUTH_ENABLED=false}; else a generated token kept in {@code <data>/ingest-token}.
     *
     * @return how auth is set, for the start-up banner (never the secret itself)
     */
    private String ingestAuth(Map<String, Object> shared) throws IOException {
        if ("false".equalsIgnoreCase(env("TOCSIN_INGEST_AUTH_ENABLED", "true"))) {
            shared.put("tocsin.ingest.auth-enabled", "false");
            return "OFF (TOCSIN_INGEST_AUTH_ENABLED=false): any caller can post alerts";
        }
        if (!env("TOCSIN_INGEST_TOKENS", "").isBlank()) {
            return "bearer token from TOCSIN_INGEST_TOKENS";
        }
        Path file = settings.dataDir().resolve("ingest-token");
        shared.put("tocsin.ingest.tokens", tokenIn(file));
        return "bearer token in " + file + " (Alertmanager: authorization.credentials_file)";
    }

    /** API credentials: {@code TOCSIN_API_TOKENS} when set; else a generated ADMIN token in {@code <data>/api-token}. */
    private String apiAuth(Map<String, Object> shared) throws IOException {
        if (!env("TOCSIN_API_TOKENS", "").isBlank()) {
            return "tokens from TOCSIN_API_TOKENS";
        }
        Path file = settings.dataDir().resolve("api-token");
        shared.put("tocsin.api.tokens", tokenIn(file) + "=ADMIN");
        return "ADMIN bearer token in " + file;
    }

    /** Reads a token file, creating it (mode 600) with 32 random bytes in hex on first use. */
    private static String tokenIn(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n");
        return token;
    }

    /** The auto-configurations on the class path whose names start with one of {@code prefixes}, comma-separated. */
    private static String excluded(List<String> prefixes) {
        return String.join(",", ImportCandidates.load(AutoConfiguration.class, TocsinStandalone.class.getClassLoader())
                .getCandidates().stream().filter(name -> prefixes.stream().anyMatch(name::startsWith)).toList());
    }

    private static void createDatabaseIfMissing(String adminUrl, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "")) {
            var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
        }
    }

    /** A setting as Spring reads it: a system property of that name first, then the environment variable. */
    private static String env(String name, String fallback) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null ? fallback : v;
    }
}
