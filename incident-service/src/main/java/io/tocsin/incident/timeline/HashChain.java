package io.tocsin.incident.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The timeline hash chain: {@code hash = hex(SHA-256(previous_hash || canonical_json(entry)))}, where
 * {@code previous_hash} is the previous entry's hex hash (64 zeros for the first) as ASCII, and the
 * canonical JSON is the object {@code {actor, at, details, incidentId, sequence, summary, type}} with
 * keys sorted at every level, no whitespace, {@code at} in ISO-8601 UTC.
 */
final class HashChain {

    /** The previous hash of an incident's first entry. */
    static final String GENESIS = "0".repeat(64);

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.ALWAYS))
            .build();

    private HashChain() {
    }

    /** The canonical JSON of an entry's content, as hashed. */
    static String canonicalJson(UUID incidentId, int sequence, Instant at, String type, String actor,
                                       String summary, Map<String, Object> details) {
        Map<String, Object> entry = new TreeMap<>();
        entry.put("actor", actor);
        entry.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
        entry.put("details", details == null ? new LinkedHashMap<>() : details);
        entry.put("incidentId", incidentId.toString());
        entry.put("sequence", sequence);
        entry.put("summary", summary);
        entry.put("type", type);
        return CANONICAL.writeValueAsString(entry);
    }

    /** {@code hex(SHA-256(previousHash || canonicalJson))}. */
    static String hash(String previousHash, String canonicalJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha.update(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
