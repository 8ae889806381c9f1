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
 * @param statuspage optional mirror to Atlassian Statuspage
 */
@Validated
@ConfigurationProperties("tocsin.status-page")
public record StatusPageSettings(
        @NotNull @DefaultValue("Service status") String title,
        @DefaultValue({"SEV1", "SEV2"}) List<String> severities,
        List<Component> components,
        @NotNull @DefaultValue("90d") Duration history,
        @NotNull @DefaultValue Statuspage statuspage) {

    public StatusPageSettings {
        severities = severities == null ? List.of("SEV1", "SEV2") : List.copyOf(severities);
        components = components == null ? List.of() : List.copyOf(components);
    }

    /**
     * Atlassian Statuspage connector, {@code tocsin.status-page.statuspage.*}; off unless enabled.
     *
     * @param enabled      mirror public incidents to Statuspage
     * @param apiUrl       API base ({@code TOCSIN_STATUSPAGE_API_URL}), default {@code https://api.statuspage.io/v1/}
     * @param pageId       the Statuspage page id
     * @param apiKey       API key, sent as {@code Authorization: OAuth <key>} ({@code TOCSIN_STATUSPAGE_API_KEY})
     * @param componentIds Tocsin component name → Statuspage component id
     * @param interval     minimum time between two requests (Statuspage allows 1 request/s per key)
     * @param maxAttempts  attempts for a retryable failure (5xx, 429, timeout) before giving up
     */
    public record Statuspage(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://api.statuspage.io/v1/") String apiUrl,
            String pageId,
            String apiKey,
            java.util.Map<String, String> componentIds,
            @DefaultValue("1s") Duration interval,
            @DefaultValue("8") int maxAttempts) {

        public Statuspage {
            componentIds = componentIds == null ? java.util.Map.of() : java.util.Map.copyOf(componentIds);
            if (apiUrl != null && !apiUrl.endsWith("/")) {
                apiUrl = apiUrl + "/";
            }
        }
    }

    /**
     * A component customers know, e.g. "API" or "Payments".
     *
     * @param publishAlertText show its incidents under their alert's own text ({@code summary}); default false: under
     *                         the impact on the component ("Partial outage: Payments") until a person titles them
     */
    public record Component(String name, String description, @DefaultValue("false") boolean publishAlertText) {
    }
}
