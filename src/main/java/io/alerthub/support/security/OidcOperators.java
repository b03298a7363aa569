package io.alerthub.support.security;

import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a person who logged in at the OpenID Connect identity provider into a hub operator: named by the configured
 * claim, with the roles and customers of their mapped IdP groups; refused when none of their groups is mapped.
 */
public final class OidcOperators implements OAuth2UserService<OidcUserRequest, OidcUser> {
    private static final Logger LOG = LoggerFactory.getLogger(OidcOperators.class);

    private final OAuth2UserService<OidcUserRequest, OidcUser> delegate;
    private final OidcGroupRoles groupRoles;
    private final OperatorSecurityProperties.Oidc settings;

    public OidcOperators(OperatorSecurityProperties.Oidc settings, OidcGroupRoles groupRoles) {
        this(new OidcUserService(), settings, groupRoles);
    }

    OidcOperators(OAuth2UserService<OidcUserRequest, OidcUser> delegate, OperatorSecurityProperties.Oidc settings,
                  OidcGroupRoles groupRoles) {
        this.delegate = delegate;
        this.groupRoles = groupRoles;
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser person = delegate.loadUser(request);
        String name = person.getClaimAsString(settings.usernameClaim());
        if (name == null || name.isBlank()) {
            LOG.warn("oidc login refused: the identity provider sent no \"{}\" claim (alerthub.security.oidc"
                    + ".username-claim) for subject \"{}\"", settings.usernameClaim(), person.getSubject());
            throw refused("invalid_user_info_response", "the identity provider did not name the user");
        }
        List<String> groups = groups(person.getClaims().get(settings.groupsClaim()));
        List<GrantedAuthority> authorities = groupRoles.authoritiesFor(groups);
        boolean hasRole = authorities.stream().anyMatch(a -> a.getAuthority().startsWith("ROLE_"));
        if (!hasRole) {
            LOG.warn("oidc login \"{}\" refused: none of its groups {} (claim \"{}\") is mapped in"
                    + " alerthub.security.oidc.groups", name, groups, settings.groupsClaim());
            throw refused("access_denied", "none of your groups may use the hub");
        }
        LOG.info("oidc login \"{}\" with groups {}: {}", name, groups, authorities);
        return new DefaultOidcUser(authorities, person.getIdToken(), person.getUserInfo(), settings.usernameClaim());
    }

    private static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(String::valueOf).toList();
        }
        return claim instanceof String value && !value.isBlank() ? List.of(value) : List.of();
    }

    private static OAuth2AuthenticationException refused(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }
}
