package io.tocsin.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * The environment {@code docker-compose.yml} gives each Tocsin service, as {@code docker-compose config} resolves it
 * with an {@code .env} file, so the scale scenario runs every service with the configuration a Compose deployment
 * would, and proves it where no Docker engine runs. Only what names the Compose network is moved to this machine:
 * {@code kafka:9092} to the cluster's brokers, {@code postgres:5432} and {@code redis:6379} to 127.0.0.1, and
 * {@code /backups} to a local folder; {@link #rewritten()} lists each change.
 */
final class ComposeEnvironment {

    /** The Tocsin services of docker-compose.yml, in start order. */
    static final List<String> SERVICES = List.of("incident-service", "alert-ingest", "notifier", "remediation-worker",
            "backup-verifier");

    private final Map<String, Map<String, String>> environments;
    private final Map<String, String> memoryLimits;
    private final Map<String, String> rewritten = new TreeMap<>();

    private ComposeEnvironment(Map<String, Map<String, String>> environments, Map<String, String> memoryLimits) {
        this.environments = environments;
        this.memoryLimits = memoryLimits;
    }

    /**
     * Runs {@code docker-compose --env-file <dotEnv> -f docker-compose.yml config} (Debian package
     * {@code docker-compose}; no engine needed) and reads each service's {@code environment} and memory limit.
     *
     * @param repository the folder of {@code docker-compose.yml}
     * @param dotEnv     the {@code .env} values, e.g. {@code POSTGRES_PASSWORD}
     * @param work       where the {@code .env} file is written
     * @throws IllegalStateException when {@code docker-compose} is missing or rejects the file (its message included)
     */
    static ComposeEnvironment resolve(Path repository, Map<String, String> dotEnv, Path work) throws IOException, InterruptedException {
        StringBuilder env = new StringBuilder();
        dotEnv.forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        Path envFile = work.resolve("compose.env");
        Files.writeString(envFile, env);
        Process p;
        try {
            p = new ProcessBuilder("docker-compose", "--env-file", envFile.toString(), "-f",
                    repository.resolve("docker-compose.yml").toString(), "config")
                    .redirectError(work.resolve("compose.err").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("docker-compose not found (Debian package docker-compose): " + e.getMessage(), e);
        }
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker-compose config failed: " + Files.readString(work.resolve("compose.err")));
        }
        Map<String, Object> config = new Yaml().load(yaml);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        Map<String, String> memory = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Map<String, Object> s = services.get(service);
            if (s == null) {
                throw new IllegalStateException("docker-compose.yml has no service " + service);
            }
            Map<String, String> e = new LinkedHashMap<>();
            Object declared = s.get("environment");
            if (declared instanceof Map<?, ?> m) {
                m.forEach((k, v) -> e.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (declared instanceof List<?> l) {
                l.forEach(entry -> {
                    String[] kv = String.valueOf(entry).split("=", 2);
                    e.put(kv[0], kv.length > 1 ? kv[1] : "");
                });
            }
            environments.put(service, e);
            memory.put(service, memoryLimit(s));
        }
        return new ComposeEnvironment(environments, memory);
    }

    /**
     * Moves the Compose network's names to this machine, in every service's environment.
     *
     * @param kafkaBootstrap the cluster's {@code bootstrap.servers}
     * @param backups        the folder the backup-verifier reads instead of the volume at {@code /backups}
     */
    ComposeEnvironment onThisMachine(String kafkaBootstrap, Path backups) {
        environments.forEach((service, env) -> env.replaceAll((key, value) -> {
            String moved = value.replace("kafka:9092", kafkaBootstrap)
                    .replace("//postgres:5432/", "//127.0.0.1:5432/")
                    .replace("redis://redis:6379", "redis://127.0.0.1:6379");
            if (key.equals("TOCSIN_BACKUP_DIRECTORY") && value.equals("/backups")) {
                moved = backups.toString();
            }
            if (!moved.equals(value)) {
                rewritten.put(service + " " + key, value + " -> " + moved);
            }
            return moved;
        }));
        return this;
    }

    /** The environment Compose gives {@code service}, after {@link #onThisMachine}. */
    Map<String, String> of(String service) {
        return new LinkedHashMap<>(environments.get(service));
    }

    /**
     * The JVM heap the deployment gives {@code service}: 75 % of its Compose memory limit, as the image's
     * {@code -XX:MaxRAMPercentage=75} does in a container, e.g. {@code -Xmx384m} for {@code 512M}.
     */
    String heapOption(String service) {
        long bytes = parseBytes(memoryLimits.get(service));
        return bytes <= 0 ? "-Xmx384m" : "-Xmx" + (bytes * 3 / 4 / (1024 * 1024)) + "m";
    }

    /** Each value moved to this machine: {@code "<service> <VARIABLE>" → "old -> new"}. */
    Map<String, String> rewritten() {
        return rewritten;
    }

    @SuppressWarnings("unchecked")
    private static String memoryLimit(Map<String, Object> service) {
        try {
            Map<String, Object> deploy = (Map<String, Object>) service.get("deploy");
            Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) deploy.get("resources")).get("limits");
            return String.valueOf(limits.get("memory"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static long parseBytes(String value) {
        if (value == null || value.isBlank() || value.equals("null")) {
            return -1;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT).replace("b", "");
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1;
        };
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        return (long) (Double.parseDouble(digits) * unit);
    }
}
