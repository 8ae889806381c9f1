package io.tocsin.notify.status;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Status page configuration, {@code tocsin.status-page.*}.
 *
 * @param title      page title
 * @param severities incidents of these severities appear (default SEV1, SEV2)
 * @param components components always listed; an incident's component is its first alert's
 *                   {@code status_page_component} label, else its {@code service}
 * @param history    how far back resolved incidents are listed (default 90 days)
 */
@Validated
@ConfigurationProperties("tocsin.status-page")
public record StatusPageSettings(
        @NotNull @DefaultValue("Service status") String title,
        @DefaultValue({"SEV1", "SEV2"}) List<String> severities,
        List<Component> components,
        @NotNull @DefaultValue("90d") Duration history) {

    public StatusPageSettings {
        severities = severities == null ? List.of("SEV1", "SEV2") : List.copyOf(severities);
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** A component customers know, e.g. "API" or "Payments". */
    public record Component(String name, String description) {
    }
}
