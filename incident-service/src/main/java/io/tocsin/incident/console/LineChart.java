package io.tocsin.incident.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart of durations over time, laid out on the server for an inline SVG ({@code templates/console/reports.html}
 * draws it; no script). x: one slot per period, labelled; y: seconds from 0 to a round duration above the largest
 * value or target; one line per series (a period without a sample has no point), dashed horizontal lines for
 * targets (seed 000's matrix).
 *
 * @param title    for {@code <title>} and the heading, e.g. {@code MTTA p50 by severity}
 * @param width    of the view box, px
 * @param height   of the view box, px
 * @param left     x of the plot area's left edge (y labels are left of it)
 * @param right    x of its right edge
 * @param top      y of its top edge
 * @param bottom   y of its bottom edge (the x axis)
 * @param xTicks   period labels at their slot's centre
 * @param yTicks   duration labels, e.g. {@code 15m}, at their height
 * @param series   the lines, in legend order
 * @param targets  the target lines
 * @param hasData  whether any series has a point (else the page says there is nothing to draw)
 */
record LineChart(String title, int width, int height, double left, double right, double top, double bottom,
                 List<Tick> xTicks, List<Tick> yTicks, List<Series> series, List<Target> targets, boolean hasData) {

    /** An axis label at {@code at} (x or y). */
    record Tick(double at, String label) {
    }

    /** A point with its tooltip, e.g. {@code SEV2, week of 2026-11-23: 12m (4 incidents)}. */
    record Point(double x, double y, String label) {
    }

    /** One line: {@code points} as SVG's {@code x,y x,y …}. */
    record Series(String name, String color, String points, List<Point> dots) {
    }

    /** A target line at height {@code y}, e.g. {@code SEV1 target 5m}. */
    record Target(String label, String color, double y) {
    }

    private static final long[] NICE = {60, 300, 600, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600,
            86400, 2 * 86400, 7 * 86400, 30 * 86400};
    private static final Map<String, String> SEVERITY_COLORS = Map.of("SEV1", "#a40e26", "SEV2", "#bc4c00",
            "SEV3", "#7d4e00", "SEV4", "#57606a");
    private static final String[] PALETTE = {"#0b57d0", "#116329", "#8250df", "#bc4c00", "#a40e26", "#1b7c83",
            "#57606a", "#7d4e00"};

    /**
     * Lays a chart out.
     *
     * @param periods  the x labels, in order
     * @param values   by series name: one value per period in seconds, {@code null} where there is no sample; with
     *                 per-point tooltips' extra text in {@code notes} (same shape; may be {@code null})
     * @param targets  by label: seconds, with the series name whose colour it takes
     */
    static LineChart of(String title, List<String> periods, Map<String, List<Long>> values,
                        Map<String, List<String>> notes, Map<String, Map.Entry<String, Long>> targets) {
        int width = 720;
        int height = 280;
        double left = 56;
        double right = width - 16;
        double top = 16;
        double bottom = height - 40;
        long max = 0;
        for (List<Long> vs : values.values()) {
            for (Long v : vs) {
                max = v == null ? max : Math.max(max, v);
            }
        }
        for (Map.Entry<String, Long> t : targets.values()) {
            max = Math.max(max, t.getValue());
        }
        long top0 = NICE[NICE.length - 1];
        for (long n : NICE) {
            if (n * 4 >= max) {
                top0 = n * 4;
                break;
            }
        }
        long yMax = Math.max(top0, 240);
        double slot = (right - left) / Math.max(1, periods.size());
        List<Tick> xTicks = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            xTicks.add(new Tick(left + slot * (i + 0.5), periods.get(i)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            long s = yMax * k / 4;
            yTicks.add(new Tick(y(s, yMax, top, bottom), duration(s)));
        }
        List<Series> series = new ArrayList<>();
        boolean hasData = false;
        int colour = 0;
        Map<String, String> colours = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : values.entrySet()) {
            String c = SEVERITY_COLORS.getOrDefault(e.getKey(), PALETTE[colour++ % PALETTE.length]);
            colours.put(e.getKey(), c);
            StringBuilder points = new StringBuilder();
            List<Point> dots = new ArrayList<>();
            for (int i = 0; i < e.getValue().size() && i < periods.size(); i++) {
                Long v = e.getValue().get(i);
                if (v == null) {
                    continue;
                }
                double x = left + slot * (i + 0.5);
                double y = y(v, yMax, top, bottom);
                points.append(points.isEmpty() ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
                String note = notes == null || notes.get(e.getKey()) == null ? "" : notes.get(e.getKey()).get(i);
                dots.add(new Point(x, y, e.getKey() + ", " + periods.get(i) + ": " + duration(v) + note));
                hasData = true;
            }
            series.add(new Series(e.getKey(), c, points.toString(), dots));
        }
        List<Target> lines = new ArrayList<>();
        targets.forEach((label, t) -> lines.add(new Target(label, colours.getOrDefault(t.getKey(),
                SEVERITY_COLORS.getOrDefault(t.getKey(), "#57606a")), y(t.getValue(), yMax, top, bottom))));
        return new LineChart(title, width, height, left, right, top, bottom, xTicks, yTicks, series, lines, hasData);
    }

    private static double y(long seconds, long max, double top, double bottom) {
        return bottom - (bottom - top) * Math.min(seconds, max) / max;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** {@code 45s}, {@code 12m}, {@code 1h 30m}, {@code 2d}: for labels. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds % 86400 == 0 ? seconds / 86400 + "d" : seconds / 86400 + "d " + seconds % 86400 / 3600 + "h";
    }
}
