package io.tocsin.incident.console;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Loads a person signed in through OpenID Connect and gives them one Tocsin role from a claim
 * ({@link ConsoleSettings.Oidc#rolesClaim}, read from the ID token, else from user info): the highest role any of its
 * values maps to ({@code ADMIN > RESPONDER > AUDITOR}). Their name in the console and on the timeline is
 * {@code preferred_username}, else a verified {@code email}, else {@code sub}. A person none of whose values maps is refused with
 * {@code tocsin_no_role}, which the sign-in page explains.
 */
class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The OAuth2 error code of a person with no Tocsin role. */
    static final String NO_ROLE = "tocsin_no_role";

    private final OidcUserService delegate = new OidcUserService();
    private final String claim;
    private final Map<String, String> mapping;

    OidcRoles(ConsoleSettings.Oidc settings) {
        this.claim = settings.rolesClaim();
        this.mapping = settings.roleMapping();
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Object values = Optional.ofNullable(user.getIdToken().getClaim(claim))
                .orElseGet(() -> user.getUserInfo() == null ? null : user.getUserInfo().getClaim(claim));
        List<String> granted = values instanceof Collection<?> many ? many.stream().map(String::valueOf).toList()
                : values == null ? List.of() : List.of(String.valueOf(values));
        String role = ConsoleSettings.ROLES.stream().filter(r -> granted.stream().anyMatch(v -> r.equals(mapping.get(v))))
                .findFirst().orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(NO_ROLE,
                        "none of the values of claim '" + claim + "' (" + granted + ") maps to a Tocsin role", null)));
        // preferred_username is what people recognise on a timeline; an e-mail only once the provider verified it.
        String nameClaim = user.getClaimAsString("preferred_username") != null ? "preferred_username"
                : user.getClaimAsString("email") != null && Boolean.TRUE.equals(user.getEmailVerified()) ? "email" : "sub";
        return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("ROLE_" + role)), user.getIdToken(),
                user.getUserInfo(), nameClaim);
    }
}
