package io.tocsin.incident.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimelineCsvTest {

    @Test
    void aNoteASpreadsheetWouldRunAsAFormulaIsExportedAsText() {
        TimelineEntry note = new TimelineEntry(UUID.randomUUID(), 1, Instant.parse("2026-11-30T03:00:00Z"), "note.added",
                "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\",\"x\")", Map.of(), "0".repeat(64), "1".repeat(64));
        String csv = TimelineCsv.of(List.of(note));
        assertThat(csv).contains("'=cmd|' /C calc'!A0", "'=HYPERLINK(");
        assertThat(TimelineCsv.inert("-1")).isEqualTo("'-1");
        assertThat(TimelineCsv.inert("Incident INC-1 opened")).isEqualTo("Incident INC-1 opened");
    }
}
