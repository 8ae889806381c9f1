package io.tocsin.incident.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void aWeekWithoutASampleHasNoPointAndTheScaleReachesPastTheHighestTarget() {
        Map<String, List<Long>> values = new LinkedHashMap<>();
        values.put("SEV1", Arrays.asList(120L, null, 600L));
        values.put("SEV2", Arrays.asList(null, null, null));
        LineChart chart = LineChart.of("MTTA", List.of("w1", "w2", "w3"), values, null,
                Map.of("SEV1 target to acknowledge: 5m", Map.entry("SEV1", 300L),
                        "SEV2 target to acknowledge: 15m", Map.entry("SEV2", 900L)));

        assertThat(chart.hasData()).isTrue();
        LineChart.Series sev1 = chart.series().get(0);
        assertThat(sev1.dots()).hasSize(2);
        assertThat(sev1.points().split(" ")).hasSize(2);
        assertThat(sev1.color()).isEqualTo("#a40e26");
        assertThat(chart.series().get(1).dots()).isEmpty();
        // 900 s is the largest figure: the axis ends at the first round value with 900 ≤ value (4 × 5m = 20m).
        assertThat(chart.yTicks()).extracting(LineChart.Tick::label).containsExactly("0s", "5m", "10m", "15m", "20m");
        assertThat(chart.targets()).extracting(LineChart.Target::label)
                .containsExactlyInAnyOrder("SEV1 target to acknowledge: 5m", "SEV2 target to acknowledge: 15m");
        double fiveMinutes = chart.targets().stream().filter(t -> t.label().startsWith("SEV1")).findFirst().orElseThrow().y();
        assertThat(fiveMinutes).isEqualTo(chart.yTicks().get(1).at());
        assertThat(sev1.dots().get(1).label()).isEqualTo("SEV1, w3: 10m");
    }

    @Test
    void nothingToDrawWhenNoSeriesHasAValue() {
        LineChart chart = LineChart.of("MTTR", List.of("w1"), Map.of("SEV3", Arrays.asList((Long) null)), null, Map.of());
        assertThat(chart.hasData()).isFalse();
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertThat(LineChart.duration(45)).isEqualTo("45s");
        assertThat(LineChart.duration(720)).isEqualTo("12m");
        assertThat(LineChart.duration(5400)).isEqualTo("1h 30m");
        assertThat(LineChart.duration(7200)).isEqualTo("2h");
        assertThat(LineChart.duration(2 * 86400 + 3600)).isEqualTo("2d 1h");
    }
}
