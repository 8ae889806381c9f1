package io.tocsin.incident.api;

import io.tocsin.incident.incident.Incident;
import io.tocsin.incident.incident.IncidentDetails;
import io.tocsin.incident.incident.IncidentFilter;
import io.tocsin.incident.incident.IncidentStatus;
import io.tocsin.incident.incident.IncidentQueries;
import io.tocsin.incident.incident.ResponderActions;
import io.tocsin.incident.incident.Severity;
import io.tocsin.incident.timeline.ChainVerification;
import io.tocsin.incident.timeline.Timeline;
import io.tocsin.incident.timeline.TimelineCsv;
import io.tocsin.incident.timeline.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditor and responder API (design.md, HTTP contracts). {@code {id}} is the incident's UUID or its
 * key {@code INC-<n>}. Errors: 400 naming the parameter, 401, 403, 404, 409 for an illegal transition.
 */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentsController {

    private static final int MAX_PAGE_SIZE = 500;
    private final IncidentQueries incidents;
    private final ResponderActions responders;
    private final Timeline timeline;

    IncidentsController(IncidentQueries incidents, ResponderActions responders, Timeline timeline) {
        this.responders = responders;
        this.incidents = incidents;
        this.timeline = timeline;
    }

    /** A page of incidents, newest first; {@code page} is 0-based, {@code size} 1…500 (default 50). */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@RequestParam(required = false) String status,
                             @RequestParam(required = false) String severity,
                             @RequestParam(required = false) String service,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(defaultValue = "0") String page,
                             @RequestParam(defaultValue = "50") String size) {
        int pageNumber = integer("page", page, 0, Integer.MAX_VALUE);
        int pageSize = integer("size", size, 1, MAX_PAGE_SIZE);
        IncidentFilter filter = new IncidentFilter(enumValue("status", status, IncidentStatus.class),
                severity == null || severity.isBlank() ? null : Severity.parse(severity)
                        .orElseThrow(() -> new ApiErrors.BadRequest("severity", "must be one of SEV1, SEV2, SEV3, SEV4")),
                service == null || service.isBlank() ? null : service, instant("from", from), instant("to", to),
                pageNumber, pageSize);
        var result = incidents.page(filter);
        List<IncidentJson> items = result.items().stream().map(IncidentJson::of).toList();
        return Map.of("items", items, "page", pageNumber, "size", pageSize, "total", result.total());
    }

    /** One incident with its alerts. */
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    IncidentJson one(@PathVariable String id) {
        IncidentDetails d = incidents.details(id);
        return IncidentJson.of(d);
    }

    /** The timeline as JSON entries in sequence order. */
    @GetMapping(path = "/{id}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    List<TimelineEntry> timeline(@PathVariable String id) {
        return timeline.entries(incidents.find(id).id());
    }

    /** The timeline as CSV (RFC 4180): sequence, at, type, actor, summary, details (JSON), hash, previousHash. */
    @GetMapping(path = "/{id}/timeline", produces = "text/csv")
    ResponseEntity<String> timelineCsv(@PathVariable String id) {
        Incident incident = incidents.find(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + incident.key() + "-timeline.csv\"")
                .body(TimelineCsv.of(timeline.entries(incident.id())));
    }

    /**
     * Recomputes the timeline's hash chain: {@code {"valid", "entries", "brokenSequence", "reason", "headHash",
     * "headSequence", "expected", "actual"}}. With {@code pinnedSequence} and {@code pinnedHash} (a head an auditor
     * kept from an earlier call) it also fails when that entry is gone or differs, which a chain alone cannot
     * show when entries are cut from its end.
     */
    @GetMapping(path = "/{id}/timeline/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    ChainVerification verify(@PathVariable String id, @RequestParam(required = false) String pinnedSequence,
                             @RequestParam(required = false) String pinnedHash) {
        java.util.UUID incident = incidents.find(id).id();
        boolean sequenceGiven = pinnedSequence != null && !pinnedSequence.isBlank();
        boolean hashGiven = pinnedHash != null && !pinnedHash.isBlank();
        if (sequenceGiven != hashGiven) {
            throw new ApiErrors.BadRequest(sequenceGiven ? "pinnedHash" : "pinnedSequence",
                    "pinnedSequence and pinnedHash go together");
        }
        if (!sequenceGiven) {
            return timeline.verify(incident);
        }
        if (!pinnedHash.strip().matches("[0-9a-fA-F]{64}")) {
            throw new ApiErrors.BadRequest("pinnedHash", "must be 64 hexadecimal characters (a SHA-256 headHash)");
        }
        return timeline.verify(incident, integer("pinnedSequence", pinnedSequence, 1, Integer.MAX_VALUE), pinnedHash.strip());
    }

    /** Acknowledge; body {@code {"by": "...", "note": "..."}}, both optional. Actor {@code api:<by>}. */
    @PostMapping(path = "/{id}/acknowledge", produces = MediaType.APPLICATION_JSON_VALUE)
    IncidentJson acknowledge(@PathVariable String id, @RequestBody(required = false) ResponderRequest body,
                             Authentication auth) {
        ResponderRequest request = body == null ? ResponderRequest.EMPTY : body;
        return view(responders.acknowledge(id, actor(request, auth), request.note()));
    }

    /** Resolve by hand; body {@code {"by": "...", "note": "..."}}, both optional. */
    @PostMapping(path = "/{id}/resolve", produces = MediaType.APPLICATION_JSON_VALUE)
    IncidentJson resolve(@PathVariable String id, @RequestBody(required = false) ResponderRequest body,
                         Authentication auth) {
        ResponderRequest request = body == null ? ResponderRequest.EMPTY : body;
        return view(responders.resolve(id, actor(request, auth), request.note()));
    }

    /**
     * Set the severity, up or down; body {@code {"severity": "SEV1", "reason": "...", "by": "..."}}, {@code severity}
     * and {@code reason} required. 400 naming the field; 409 when resolved.
     */
    @PostMapping(path = "/{id}/severity", produces = MediaType.APPLICATION_JSON_VALUE)
    IncidentJson severity(@PathVariable String id, @RequestBody(required = false) SeverityRequest body, Authentication auth) {
        if (body == null || body.severity() == null || body.severity().isBlank()) {
            throw new ApiErrors.BadRequest("severity", "is required (SEV1 … SEV4)");
        }
        return view(responders.changeSeverity(id, actor(new ResponderRequest(body.by(), null), auth), body.severity(),
                body.reason()));
    }

    /** The body of {@code POST /{id}/severity}. */
    record SeverityRequest(String severity, String reason, String by) {
    }

    /** Add a timeline note; body {@code {"by": "...", "note": "..."}}, {@code note} required. */
    @PostMapping(path = "/{id}/notes", produces = MediaType.APPLICATION_JSON_VALUE)
    IncidentJson note(@PathVariable String id, @RequestBody(required = false) ResponderRequest body,
                      Authentication auth) {
        if (body == null || body.note() == null || body.note().isBlank()) {
            throw new ApiErrors.BadRequest("note", "is required");
        }
        return view(responders.addNote(id, actor(body, auth), body.note()));
    }

    /**
     * A responder's request body.
     *
     * @param by   who acts, e.g. a user name; defaults to the API token's principal
     * @param note free text for the timeline
     */
    record ResponderRequest(String by, String note) {
        static final ResponderRequest EMPTY = new ResponderRequest(null, null);
    }

    private IncidentJson view(Incident incident) {
        IncidentDetails d = incidents.details(incident.id().toString());
        return IncidentJson.of(d);
    }

    private static String actor(ResponderRequest request, Authentication auth) {
        return ApiActor.of(request.by(), auth);
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new ApiErrors.BadRequest(name, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiErrors.BadRequest(name, "must be a whole number, was '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.BadRequest(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * An optional RFC 3339 request value; {@code null} when blank.
     *
     * @throws ApiErrors.BadRequest naming {@code name} when it does not parse
     */
    static Instant instant(String name, String value) {
        return ApiTimes.instant(name, value);
    }
}
