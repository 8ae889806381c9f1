package io.tocsin.ingest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * alert-ingest configuration, {@code tocsin.ingest.*} (env {@code TOCSIN_INGEST_*}).
 *
 * @param authEnabled    require credentials on the receivers (default true); switch off only for local use
 * @param tokens         accepted bearer tokens ({@code TOCSIN_INGEST_TOKENS}, comma-separated); HTTP basic is
 *                       accepted when its password is one of them
 * @param maxBodySize    largest request body accepted (default 8 MiB, thousands of alerts); larger → 413
 * @param publishTimeout how long to wait for Kafka to acknowledge every record of a request; then 503
 * @param retryAfter     the {@code Retry-After} sent with a 503
 * @param source         the CloudEvents {@code ce_source} of published records
 * @param groupBy        the labels of incident-service's grouping key ({@code TOCSIN_INCIDENT_GROUP_BY}, the same
 *                       variable incident-service reads): each record on {@code alerts.v1} is keyed by its alert's
 *                       grouping key ({@link io.tocsin.contracts.alerts.GroupingKeys}), so one incident's alerts share
 *                       a partition and one consumer; empty = Alertmanager's {@code groupKey}
 */
@Validated
@ConfigurationProperties("tocsin.ingest")
public record IngestSettings(
        @DefaultValue("true") boolean authEnabled,
        @DefaultValue List<String> tokens,
        @NotNull @DefaultValue("8MB") DataSize maxBodySize,
        @NotNull @DefaultValue("5s") Duration publishTimeout,
        @NotNull @DefaultValue("10s") Duration retryAfter,
        @NotNull @DefaultValue("/tocsin/alert-ingest") String source,
        @DefaultValue List<String> groupBy) {

    /** Strips blank tokens and labels so an empty {@code TOCSIN_INGEST_TOKENS} means "no token". */
    public IngestSettings {
        tokens = tokens == null ? List.of() : tokens.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        groupBy = groupBy == null ? List.of() : groupBy.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
