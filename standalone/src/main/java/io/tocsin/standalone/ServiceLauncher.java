package io.tocsin.standalone;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts each service as its own Spring context in this JVM, with its own configuration file and port, the
 * standalone's decisions (broker, database, generated tokens) over its yml, and only the auto-configurations it needs
 * although every service's jars share the class path.
 */
final class ServiceLauncher {

    /** Spring Session (JDBC): only incident-service's console keeps sessions, in its own schema. */
    private static final String SESSIONS = "org.springframework.boot.session.";

    /** Auto-configurations a service must not run although their jars are on the shared class path. */
    enum Service {
        INGEST("org.springframework.boot.jdbc.", "org.springframework.boot.flyway.", "org.springframework.boot.security.",
                "org.springframework.boot.sql.", "org.springframework.cloud.", "org.springframework.modulith.",
                "org.springdoc.", "io.github.resilience4j.", "org.springframework.boot.thymeleaf.", SESSIONS),
        INCIDENT("io.github.resilience4j."),
        NOTIFIER("org.springframework.boot.security.", "org.springframework.modulith.", "org.springdoc.", SESSIONS),
        REMEDIATION("org.springdoc.", "org.springframework.boot.thymeleaf.", SESSIONS),
        BACKUP("org.springdoc.", "io.github.resilience4j.", "org.springframework.boot.thymeleaf.", SESSIONS);

        private final List<String> notFor;

        Service(String... notFor) {
            this.notFor = List.of(notFor);
        }
    }

    private final List<AutoCloseable> running;

    /** @param running where each started context is added, to be closed in reverse order */
    ServiceLauncher(List<AutoCloseable> running) {
        this.running = running;
    }

    /**
     * Starts one service's context. {@code overrides} win over the service's own yml; the environment still wins over
     * the yml.
     */
    ConfigurableApplicationContext start(Service service, Class<?> application, String configName,
                                         Map<String, Object> overrides, String... args) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(overrides);
        properties.put("spring.autoconfigure.exclude", excluded(service.notFor));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties("spring.config.name=" + configName)
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("tocsin-standalone", properties)))
                .registerShutdownHook(false)
                .run(args);
        running.add(context::close);
        return context;
    }

    /** The auto-configurations on the class path whose names start with one of {@code prefixes}, comma-separated. */
    private static String excluded(List<String> prefixes) {
        return String.join(",", ImportCandidates.load(AutoConfiguration.class, ServiceLauncher.class.getClassLoader())
                .getCandidates().stream().filter(name -> prefixes.stream().anyMatch(name::startsWith)).toList());
    }
}
