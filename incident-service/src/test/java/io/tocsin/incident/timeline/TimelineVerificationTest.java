package io.tocsin.incident.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hash chain detects any edit, deletion or reordering of timeline entries. */
class TimelineVerificationTest {

    private static final UUID INCIDENT = UUID.fromString("0b8a4a53-4c2a-4f4a-9d55-5b0c8c2f3b11");

    @Test
    void canonicalJsonSortsKeysAtEveryLevelAndHashIsStable() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("z", 1);
        details.put("a", Map.of("y", "2", "b", true));
        String json = HashChain.canonicalJson(INCIDENT, 1, Instant.parse("2026-11-21T05:00:00.123456Z"), "note.added",
                "api:alice", "hello", details);
        assertThat(json).isEqualTo("{\"actor\":\"api:alice\",\"at\":\"2026-11-21T05:00:00.123456Z\","
                + "\"details\":{\"a\":{\"b\":true,\"y\":\"2\"},\"z\":1},"
                + "\"incidentId\":\"0b8a4a53-4c2a-4f4a-9d55-5b0c8c2f3b11\",\"sequence\":1,\"summary\":\"hello\","
                + "\"type\":\"note.added\"}");
        assertThat(HashChain.hash(HashChain.GENESIS, json)).hasSize(64)
                .isEqualTo(HashChain.hash(HashChain.GENESIS, json));
    }

    @Test
    void intactChainVerifies() {
        ChainVerification result = Timeline.verify(chain(3));
        assertThat(result.valid()).isTrue();
        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.headHash()).isEqualTo(chain(3).get(2).hash());
    }

    @Test
    void editedSummaryIsDetected() {
        List<TimelineEntry> entries = chain(3);
        TimelineEntry e = entries.get(1);
        entries.set(1, new TimelineEntry(e.incidentId(), e.sequence(), e.at(), e.type(), e.actor(), "nothing happened",
                e.details(), e.previousHash(), e.hash()));
        ChainVerification result = Timeline.verify(entries);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenSequence()).isEqualTo(2);
    }

    @Test
    void entriesCutFromTheEndAreCaughtOnlyAgainstAPinnedHead() {
        List<TimelineEntry> entries = chain(3);
        ChainVerification pinned = Timeline.verify(entries);
        assertThat(pinned.headSequence()).isEqualTo(3);
        List<TimelineEntry> truncated = new ArrayList<>(entries.subList(0, 2));
        assertThat(Timeline.verify(truncated).valid()).as("a shorter chain is still a valid chain").isTrue();

        ChainVerification against = Timeline.verify(truncated, pinned.headSequence(), pinned.headHash());
        assertThat(against.valid()).isFalse();
        assertThat(against.brokenSequence()).isEqualTo(3);
        assertThat(against.reason()).isEqualTo("pinned entry 3 is missing: the timeline ends at 2 (entries were removed from its end)");
        assertThat(Timeline.verify(entries, pinned.headSequence(), pinned.headHash()).valid()).isTrue();
        assertThat(Timeline.verify(chain(4), pinned.headSequence(), pinned.headHash()).valid())
                .as("entries appended after the pin are fine").isTrue();
    }

    @Test
    void aRewrittenChainFailsAgainstAPinnedHead() {
        List<TimelineEntry> entries = chain(3);
        String pinned = entries.get(1).hash();
        ChainVerification result = Timeline.verify(entries, 2, "0".repeat(64));
        assertThat(result.valid()).isFalse();
        assertThat(result.actual()).isEqualTo(pinned);
        assertThat(result.reason()).contains("different hash");
    }

    @Test
    void deletedEntryIsDetected() {
        List<TimelineEntry> entries = chain(3);
        entries.remove(1);
        assertThat(Timeline.verify(entries).valid()).isFalse();
        assertThat(Timeline.verify(entries).brokenSequence()).isEqualTo(3);
    }

    @Test
    void rewrittenEntryWithRecomputedHashBreaksTheNextLink() {
        List<TimelineEntry> entries = chain(3);
        TimelineEntry e = entries.get(1);
        String forged = HashChain.hash(e.previousHash(), HashChain.canonicalJson(e.incidentId(), e.sequence(), e.at(),
                e.type(), "api:mallory", e.summary(), e.details()));
        entries.set(1, new TimelineEntry(e.incidentId(), e.sequence(), e.at(), e.type(), "api:mallory", e.summary(),
                e.details(), e.previousHash(), forged));
        ChainVerification result = Timeline.verify(entries);
        assertThat(result.valid()).isFalse();
        assertThat(result.brokenSequence()).isEqualTo(3);
    }

    private static List<TimelineEntry> chain(int length) {
        List<TimelineEntry> entries = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            Instant at = Instant.parse("2026-11-21T05:00:00Z").plusSeconds(seq);
            Map<String, Object> details = Map.of("n", seq);
            String hash = HashChain.hash(previous, HashChain.canonicalJson(INCIDENT, seq, at, "note.added", "system",
                    "entry " + seq, details));
            entries.add(new TimelineEntry(INCIDENT, seq, at, "note.added", "system", "entry " + seq, details, previous, hash));
            previous = hash;
        }
        return entries;
    }
}
