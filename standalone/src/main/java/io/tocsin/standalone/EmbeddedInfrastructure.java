package io.tocsin.standalone;

import io.tocsin.embedded.EmbeddedKafkaBroker;
import io.tocsin.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker and the database the services share: the embedded Kafka KRaft broker ({@code <data>/kafka}) and the
 * embedded PostgreSQL ({@code <data>/postgres}, database {@code tocsin}), each unless an external one is configured.
 * Before anything starts it checks the ports this standalone would listen on, so a clash is one clear line.
 */
final class EmbeddedInfrastructure {

    /**
     * What the services connect to.
     *
     * @param kafkaNote {@code external}, or where the embedded broker keeps its data (for the banner)
     * @param dbNote    {@code external}, or where the embedded database keeps its data (for the banner)
     */
    record Endpoints(String kafka, String kafkaNote, String dbUrl, String dbUser, String dbPassword, String dbNote) {
    }

    private final StandaloneSettings settings;

    EmbeddedInfrastructure(StandaloneSettings settings) {
        this.settings = settings;
    }

    /**
     * Fails fast, before anything starts, when a port this standalone would listen on is held by another program:
     * the embedded broker's (unless {@code TOCSIN_KAFKA_BOOTSTRAP_SERVERS} is set) and the five services'. The embedded
     * PostgreSQL's port is checked when it starts, after an orphan of a crashed run has been stopped.
     *
     * @throws TocsinStandalone.StartFailure naming the port and the variable that moves it
     */
    void checkPorts() {
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

    /**
     * Starts what is not external and adds it to {@code running}, in start order.
     *
     * @throws TocsinStandalone.StartFailure when the embedded PostgreSQL's port or data folder is in use
     */
    Endpoints start(List<AutoCloseable> running) throws IOException, SQLException {
        String kafka = settings.kafkaBootstrap();
        String kafkaNote = "external";
        if (kafka == null) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(settings.dataDir().resolve("kafka"),
                    settings.kafkaPort(), settings.controllerPort()).start();
            running.add(broker);
            kafka = broker.bootstrapServers();
            kafkaNote = "embedded, data in " + broker.dataDir();
        }
        if (settings.databaseUrl() != null) {
            return new Endpoints(kafka, kafkaNote, settings.databaseUrl(), TocsinStandalone.env("TOCSIN_DATABASE_USERNAME",
                    "postgres"), TocsinStandalone.env("TOCSIN_DATABASE_PASSWORD", ""), "external");
        }
        EmbeddedPostgres postgres;
        try {
            postgres = new EmbeddedPostgres(settings.dataDir().resolve("postgres"), settings.postgresPort()).start();
        } catch (EmbeddedPostgres.PortInUse e) {
            throw portTaken(e.port(), "embedded PostgreSQL", "TOCSIN_STANDALONE_POSTGRES_PORT");
        } catch (EmbeddedPostgres.DataDirectoryInUse e) {
            throw new TocsinStandalone.StartFailure(e.getMessage() + " (TOCSIN_DATA_DIR)");
        }
        running.add(postgres);
        createDatabaseIfMissing(postgres.jdbcUrl("postgres"), "tocsin");
        return new Endpoints(kafka, kafkaNote, postgres.jdbcUrl("tocsin"), "postgres", "",
                "embedded, data in " + settings.dataDir().resolve("postgres"));
    }

    private static TocsinStandalone.StartFailure portTaken(int port, String what, String variable) {
        return new TocsinStandalone.StartFailure("port " + port + " (" + what + ") is in use by another program: stop it, "
                + "or set " + variable + " to a free port");
    }

    /** A service's port as Spring will resolve {@code ${VARIABLE:default}}: system property, then environment. */
    private static int servicePort(String variable, int fallback) {
        String value = System.getProperty(variable, System.getenv(variable));
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TocsinStandalone.StartFailure(variable + " must be a port number, got \"" + value + "\"");
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createDatabaseIfMissing(String adminUrl, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "")) {
            var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
        }
    }
}
