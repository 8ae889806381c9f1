package io.tocsin.oncall;

import java.io.InputStream;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@link OnCallConfig}'s YAML and collects every problem with its path ({@code schedules[platform].layers[primary]
 * .handoff}) instead of stopping at the first.
 */
final class OnCallConfigReader {

    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LENGTH = Pattern.compile("([1-9][0-9]*)([hdw])");
    private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");

    private final String source;
    private final List<String> problems = new ArrayList<>();

    OnCallConfigReader(String source) {
        this.source = source;
    }

    OnCallConfig read(InputStream yaml) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            root = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
                    new NoTimestamps()).load(yaml);
        } catch (RuntimeException e) {
            throw new OnCallConfigException(source, List.of("not valid YAML: " + e.getMessage()));
        }
        if (root == null) {
            return OnCallConfig.empty();
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new OnCallConfigException(source, List.of("top level must be a map with 'people' and 'schedules'"));
        }
        Map<String, Person> people = people(list(top.get("people"), "people"));
        Map<String, Schedule> schedules = new LinkedHashMap<>();
        Set<String> names = new java.util.HashSet<>();
        List<?> declared = list(top.get("schedules"), "schedules");
        for (int i = 0; i < declared.size(); i++) {
            Map<?, ?> s = map(declared.get(i), "schedules[" + i + "]");
            if (s == null) {
                continue;
            }
            String name = text(s, "name", "schedules[" + i + "]", true);
            String path = "schedules[" + (name == null ? i : name) + "]";
            if (name != null && !names.add(name)) {
                problems.add(path + ".name: \"" + name + "\" is used twice");
            }
            Schedule schedule = schedule(s, name, path, people);
            if (schedule != null) {
                schedules.put(name, schedule);
            }
        }
        List<EscalationPolicy> policies = new EscalationPolicyReader(problems, people, schedules)
                .read(list(top.get("escalationPolicies"), "escalationPolicies"));
        for (Object key : top.keySet()) {
            if (!List.of("people", "schedules", "escalationPolicies").contains(String.valueOf(key))) {
                problems.add(key + ": unknown key (expected people, schedules, escalationPolicies)");
            }
        }
        if (!problems.isEmpty()) {
            throw new OnCallConfigException(source, problems);
        }
        return new OnCallConfig(people, schedules, policies);
    }

    /**
     * YAML 1.1 without implicit timestamps: dates and times stay text and are parsed strictly here (SnakeYAML's lenient
     * calendar would read {@code 2026-13-01} as 2027-01-01).
     */
    private static final class NoTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }
    }

    private Map<String, Person> people(List<?> declared) {
        Map<String, Person> people = new LinkedHashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            Map<?, ?> p = map(declared.get(i), "people[" + i + "]");
            if (p == null) {
                continue;
            }
            String id = text(p, "id", "people[" + i + "]", true);
            String path = "people[" + (id == null ? i : id) + "]";
            String name = text(p, "name", path, true);
            String slack = text(p, "slack", path, true);
            String email = text(p, "email", path, false);
            String phone = text(p, "phone", path, false);
            if (slack != null && !SLACK_USER.matcher(slack).matches()) {
                problems.add(path + ".slack: \"" + slack + "\" is not a Slack member id (U… or W…)");
            }
            if (phone != null && !PHONE.matcher(phone).matches()) {
                problems.add(path + ".phone: \"" + phone + "\" is not an E.164 number (+ and 7 to 15 digits)");
            }
            if (email != null && !email.contains("@")) {
                problems.add(path + ".email: \"" + email + "\" is not an e-mail address");
            }
            if (id != null && people.containsKey(id)) {
                problems.add(path + ".id: \"" + id + "\" is used twice");
            } else if (id != null && name != null && slack != null) {
                people.put(id, new Person(id, name, slack, email, phone));
            }
        }
        return people;
    }

    private Schedule schedule(Map<?, ?> s, String name, String path, Map<String, Person> people) {
        ZoneId zone = null;
        String zoneName = text(s, "timeZone", path, true);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problems.add(path + ".timeZone: \"" + zoneName + "\" is not a time zone (IANA, e.g. Europe/Berlin)");
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<?> declared = list(s.get("layers"), path + ".layers");
        if (declared.isEmpty()) {
            problems.add(path + ".layers: at least one layer is required");
        }
        for (int i = 0; i < declared.size(); i++) {
            Map<?, ?> l = map(declared.get(i), path + ".layers[" + i + "]");
            if (l != null) {
                Layer layer = layer(l, path + ".layers[" + i + "]", people);
                if (layer != null && layers.stream().anyMatch(x -> x.name().equals(layer.name()))) {
                    problems.add(path + ".layers[" + layer.name() + "].name: \"" + layer.name() + "\" is used twice");
                } else if (layer != null) {
                    layers.add(layer);
                }
            }
        }
        List<ScheduleOverride> overrides = new ArrayList<>();
        List<?> declaredOverrides = list(s.get("overrides"), path + ".overrides");
        for (int i = 0; i < declaredOverrides.size(); i++) {
            Map<?, ?> o = map(declaredOverrides.get(i), path + ".overrides[" + i + "]");
            if (o != null) {
                ScheduleOverride override = override(o, path + ".overrides[" + i + "]", people, layers);
                if (override != null) {
                    overrides.add(override);
                }
            }
        }
        return name == null || zone == null || layers.isEmpty() ? null : new Schedule(name, zone, layers, overrides);
    }

    private Layer layer(Map<?, ?> l, String at, Map<String, Person> people) {
        String name = text(l, "name", at, true);
        String path = name == null ? at : at.substring(0, at.lastIndexOf('[')) + "[" + name + "]";
        Duration length = length(l, path);
        LocalTime handoff = time(l.get("handoff"), path + ".handoff", true);
        LocalDate start = date(l.get("start"), path + ".start");
        List<Person> members = new ArrayList<>();
        List<?> ids = list(l.get("people"), path + ".people");
        if (ids.isEmpty()) {
            problems.add(path + ".people: at least one person is required");
        }
        for (int i = 0; i < ids.size(); i++) {
            Person p = people.get(String.valueOf(ids.get(i)));
            if (p == null) {
                problems.add(path + ".people[" + i + "]: unknown person \"" + ids.get(i) + "\" (not in people)");
            } else {
                members.add(p);
            }
        }
        List<Restriction> restrictions = new ArrayList<>();
        List<?> declared = list(l.get("restrictions"), path + ".restrictions");
        for (int i = 0; i < declared.size(); i++) {
            Map<?, ?> r = map(declared.get(i), path + ".restrictions[" + i + "]");
            if (r != null) {
                Restriction restriction = restriction(r, path + ".restrictions[" + i + "]");
                if (restriction != null) {
                    restrictions.add(restriction);
                }
            }
        }
        if (name == null || length == null || handoff == null || start == null || members.size() != ids.size() || ids.isEmpty()) {
            return null;
        }
        return new Layer(name, members, length, handoff, start, restrictions);
    }

    private Duration length(Map<?, ?> l, String path) {
        String rotation = text(l, "rotation", path, true);
        if (rotation == null) {
            return null;
        }
        switch (rotation) {
            case "daily" -> {
                return Duration.ofDays(1);
            }
            case "weekly" -> {
                return Duration.ofDays(7);
            }
            case "custom" -> {
                String length = text(l, "length", path, true);
                Matcher m = length == null ? null : LENGTH.matcher(length);
                if (m == null || !m.matches()) {
                    if (length != null) {
                        problems.add(path + ".length: \"" + length + "\" is not a turn length (e.g. 12h, 3d, 2w)");
                    }
                    return null;
                }
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            }
            default -> {
                problems.add(path + ".rotation: \"" + rotation + "\" is not daily, weekly or custom");
                return null;
            }
        }
    }

    private Restriction restriction(Map<?, ?> r, String path) {
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (r.get("days") != null) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (Object d : list(r.get("days"), path + ".days")) {
                DayOfWeek day = day(String.valueOf(d));
                if (day == null) {
                    problems.add(path + ".days: \"" + d + "\" is not a day (MON … SUN)");
                } else {
                    days.add(day);
                }
            }
        }
        LocalTime from = time(r.get("from"), path + ".from", true);
        LocalTime to = time(r.get("to"), path + ".to", true);
        return from == null || to == null || days.isEmpty() ? null : new Restriction(days, from, to);
    }

    private ScheduleOverride override(Map<?, ?> o, String path, Map<String, Person> people, List<Layer> layers) {
        String layer = o.get("layer") == null ? (layers.isEmpty() ? null : layers.getFirst().name()) : String.valueOf(o.get("layer"));
        if (layer != null && layers.stream().noneMatch(l -> l.name().equals(layer))) {
            problems.add(path + ".layer: unknown layer \"" + layer + "\"");
        }
        String id = text(o, "person", path, true);
        Person person = id == null ? null : people.get(id);
        if (id != null && person == null) {
            problems.add(path + ".person: unknown person \"" + id + "\" (not in people)");
        }
        Instant from = instant(o.get("from"), path + ".from");
        Instant to = instant(o.get("to"), path + ".to");
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add(path + ".to: must be after from");
            return null;
        }
        return layer == null || person == null || from == null || to == null ? null : new ScheduleOverride(layer, person, from, to);
    }

    private static DayOfWeek day(String d) {
        String upper = d.toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() == 3) {
                return day;
            }
        }
        return null;
    }

    /** {@code "09:00"}; an unquoted 09:00 arrives as YAML 1.1's sexagesimal 540 and means the same. */
    private LocalTime time(Object value, String path, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(path + ": is required");
            }
            return null;
        }
        if (value instanceof Integer minutes && minutes >= 0 && minutes < 24 * 60) {
            return LocalTime.of(minutes / 60, minutes % 60);
        }
        Matcher m = TIME.matcher(String.valueOf(value));
        if (!m.matches()) {
            problems.add(path + ": \"" + value + "\" is not a time (HH:MM)");
            return null;
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private LocalDate date(Object value, String path) {
        if (value == null) {
            problems.add(path + ": is required");
            return null;
        }
        try {
            return LocalDate.parse(String.valueOf(value));
        } catch (DateTimeException e) {
            problems.add(path + ": \"" + value + "\" is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    private Instant instant(Object value, String path) {
        if (value == null) {
            problems.add(path + ": is required");
            return null;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeException e) {
            problems.add(path + ": \"" + value + "\" is not a time with offset (e.g. 2026-12-24T18:00:00+01:00)");
            return null;
        }
    }

    static String text(Map<?, ?> map, String key, String path, boolean required, List<String> problems) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            if (required) {
                problems.add(path + "." + key + ": is required");
            }
            return null;
        }
        return String.valueOf(value);
    }

    private String text(Map<?, ?> map, String key, String path, boolean required) {
        return text(map, key, path, required, problems);
    }

    private List<?> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            problems.add(path + ": must be a list");
            return List.of();
        }
        return l;
    }

    private Map<?, ?> map(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(path + ": must be a map");
            return null;
        }
        return m;
    }
}
