package io.tocsin.incident.timeline;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A timeline as CSV (RFC 4180, Apache Commons CSV), for auditors' exports from the API and the console: header
 * {@code sequence,at,type,actor,summary,details,hash,previousHash}; {@code at} RFC 3339 UTC, {@code details} the
 * entry's JSON object. A text cell that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
 * carriage return: a note someone wrote) gets a leading {@code '} (OWASP, CSV injection); the JSON API keeps the text
 * as written, and the hashes are over that.
 */
public final class TimelineCsv {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TimelineCsv() {
    }

    /** The entries in the order given, one record each. */
    public static String of(List<TimelineEntry> entries) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader("sequence", "at", "type", "actor", "summary", "details", "hash", "previousHash").get())) {
            for (TimelineEntry e : entries) {
                csv.printRecord(e.sequence(), DateTimeFormatter.ISO_INSTANT.format(e.at()), e.type(), inert(e.actor()),
                        inert(e.summary()), JSON.writeValueAsString(e.details()), e.hash(), e.previousHash());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code text}, with a leading {@code '} when a spreadsheet would take it for a formula. */
    static String inert(String text) {
        return text != null && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
