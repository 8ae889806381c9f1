package io.tocsin.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tocsin.api.tokens} (env {@code TOCSIN_API_TOKENS}), the same in every service: comma-separated
 * {@code [name:]token=ROLE} entries, see {@link ApiTokens}.
 */
@ConfigurationProperties("tocsin.api")
public record ApiSettings(@DefaultValue List<String> tokens) {

    /**
     * The parsed tokens.
     *
     * @throws IllegalArgumentException naming the malformed entry (fails start-up)
     */
    public ApiTokens apiTokens() {
        return ApiTokens.parse(tokens);
    }
}
