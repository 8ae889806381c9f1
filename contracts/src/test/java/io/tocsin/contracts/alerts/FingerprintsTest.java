package io.tocsin.contracts.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fingerprints equal Alertmanager's, on its own test vectors and on captured payloads. */
class FingerprintsTest {

    @Test
    void matchesPrometheusCommonTestVector() {
        // prometheus/common model/signature_test.go
        assertThat(Fingerprints.signature(Map.of("name", "garland, briggs", "fear", "love is not enough")))
                .isEqualTo(Long.parseUnsignedLong("5799056148416392346"));
    }

    @Test
    void emptyLabelSetIsTheOffsetBasis() {
        assertThat(Fingerprints.signature(Map.of())).isEqualTo(Long.parseUnsignedLong("14695981039346656037"));
    }

    @Test
    void matchesFingerprintsAlertmanagerSentInCapturedPayloads() {
        assertThat(Fingerprints.of(Map.of("alertname", "Test", "service", "postgres", "severity", "critical")))
                .isEqualTo("4eef62d58a841912");
        assertThat(Fingerprints.of(Map.of("alertname", "HighErrorRate", "instance", "a", "service", "payments",
                "severity", "warning"))).isEqualTo("f41350d2ca0fc90b");
        assertThat(Fingerprints.of(Map.of("alertname", "HighErrorRate", "instance", "b", "service", "payments",
                "severity", "warning"))).isEqualTo("4f84294d1401fcdc");
    }

    @Test
    void doesNotDependOnInsertionOrderAndSortsByUtf8Bytes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("zeta", "1");
        a.put("Alpha", "2");
        a.put("äther", "3");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("äther", "3");
        b.put("Alpha", "2");
        b.put("zeta", "1");
        assertThat(Fingerprints.of(a)).isEqualTo(Fingerprints.of(b)).hasSize(16).matches("[0-9a-f]{16}");
    }
}
