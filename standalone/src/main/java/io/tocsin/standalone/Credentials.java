package io.tocsin.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The standalone's credentials when none are configured, so the first run takes one command and is still not open:
 * a generated ingest token ({@code <data>/ingest-token}) and a generated ADMIN API token ({@code <data>/api-token}),
 * files of mode 600 kept across restarts.
 */
final class Credentials {

    private final Path dataDir;

    Credentials(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Ingest credentials: {@code TOCSIN_INGEST_TOKENS} when set; auth off when {@code TOCSIN_INGEST_AUTH_ENABLED=false};
     * else a generated token kept in {@code <data>/ingest-token}, put into {@code shared}.
     *
     * @return how auth is set, for the start-up banner (never the secret itself)
     */
    String ingest(Map<String, Object> shared) throws IOException {
        if ("false".equalsIgnoreCase(TocsinStandalone.env("TOCSIN_INGEST_AUTH_ENABLED", "true"))) {
            shared.put("tocsin.ingest.auth-enabled", "false");
            return "OFF (TOCSIN_INGEST_AUTH_ENABLED=false): any caller can post alerts";
        }
        if (!TocsinStandalone.env("TOCSIN_INGEST_TOKENS", "").isBlank()) {
            return "bearer token from TOCSIN_INGEST_TOKENS";
        }
        Path file = dataDir.resolve("ingest-token");
        shared.put("tocsin.ingest.tokens", tokenIn(file));
        return "bearer token in " + file + " (Alertmanager: authorization.credentials_file)";
    }

    /**
     * API credentials: {@code TOCSIN_API_TOKENS} when set; else a generated ADMIN token in {@code <data>/api-token}, put
     * into {@code shared}.
     *
     * @return how auth is set, for the start-up banner
     */
    String api(Map<String, Object> shared) throws IOException {
        if (!TocsinStandalone.env("TOCSIN_API_TOKENS", "").isBlank()) {
            return "tokens from TOCSIN_API_TOKENS";
        }
        Path file = dataDir.resolve("api-token");
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
}
