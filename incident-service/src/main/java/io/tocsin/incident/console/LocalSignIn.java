package io.tocsin.incident.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in without an identity provider (standalone, a first run): one-time links for the local {@link #ADMIN},
 * printed where the operator sees them — in the start-up banner ({@link #newLink()}) and, when someone asks on the
 * sign-in page, in the service's log ({@code console.sign_in_link url=…}). Each link signs in once, within
 * {@link ConsoleSettings#linkValidity()}; tokens are Spring Security's one-time tokens in {@code one_time_tokens}.
 * Whoever can read the log or the terminal can sign in, as whoever can read {@code ./data/api-token} can call the API.
 */
public class LocalSignIn implements OneTimeTokenGenerationSuccessHandler,
        org.springframework.security.web.authentication.ott.GenerateOneTimeTokenRequestResolver {

    /** Links asked for on the sign-in page: at most one per this interval per instance (each is a database row). */
    static final java.time.Duration ASK_INTERVAL = java.time.Duration.ofSeconds(10);
    private final java.util.concurrent.atomic.AtomicLong lastAsked = new java.util.concurrent.atomic.AtomicLong();

    /** The local user's name in the console and on the timeline ({@code console:admin}). */
    public static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(LocalSignIn.class);

    private final ConsoleSettings settings;
    private final OneTimeTokenService tokens;
    private final Environment environment;

    LocalSignIn(ConsoleSettings settings, OneTimeTokenService tokens, Environment environment) {
        this.settings = settings;
        this.tokens = tokens;
        this.environment = environment;
    }

    /**
     * A new one-time sign-in link for {@link #ADMIN}, e.g. {@code http://localhost:8082/console/login/ott?token=…}.
     *
     * @return empty when the console signs in through OpenID Connect (no local sign-in then)
     */
    public java.util.Optional<String> newLink() {
        if (settings.usesOidc()) {
            return java.util.Optional.empty();
        }
        OneTimeToken token = tokens.generate(new GenerateOneTimeTokenRequest(ADMIN, settings.linkValidity()));
        return java.util.Optional.of(link(baseUrl(), token));
    }

    /**
     * What the sign-in page's "print a new link" asks for, whatever the form sent: a link for {@link #ADMIN}, valid
     * {@link ConsoleSettings#linkValidity()}; {@code null} (no link) when one was asked for less than
     * {@link #ASK_INTERVAL} ago on this instance.
     */
    @Override
    public GenerateOneTimeTokenRequest resolve(HttpServletRequest request) {
        long now = System.nanoTime();
        long last = lastAsked.get();
        if (last != 0 && now - last < ASK_INTERVAL.toNanos() || !lastAsked.compareAndSet(last, now)) {
            return null;
        }
        return new GenerateOneTimeTokenRequest(ADMIN, settings.linkValidity());
    }

    /** Someone asked for a link on the sign-in page: it goes to the log, never to the browser. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, OneTimeToken token) throws IOException {
        log.warn("console.sign_in_link url={} validFor={} askedFrom={}", link(baseUrl(), token),
                settings.linkValidity(), request.getRemoteAddr());
        response.sendRedirect("/console/login?linkPrinted");
    }

    OneTimeTokenService tokens() {
        return tokens;
    }

    private String baseUrl() {
        return settings.publicUrl().isBlank()
                ? "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8082"))
                : settings.publicUrl().replaceAll("/+$", "");
    }

    private static String link(String base, OneTimeToken token) {
        return UriComponentsBuilder.fromUriString(base).path("/console/login/ott")
                .queryParam("token", token.getTokenValue()).build().toUriString();
    }
}
