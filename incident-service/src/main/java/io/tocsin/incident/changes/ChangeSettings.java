package io.tocsin.incident.changes;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tocsin.incident.changes.*}.
 *
 * @param window an incident shows the changes of its service made up to this long before it opened (default 1 h;
 *               {@code TOCSIN_CHANGES_WINDOW})
 * @param limit  at most this many changes per incident, the newest (default 5)
 */
@Validated
@ConfigurationProperties("tocsin.incident.changes")
public record ChangeSettings(@NotNull @DefaultValue("1h") Duration window, @DefaultValue("5") int limit) {
}
