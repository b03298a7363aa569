package io.alerthub.support.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;

/**
 * The hub roles and customers an OpenID Connect login gets from its IdP groups ({@code alerthub.security.oidc.groups}),
 * checked once at start-up with the same rules as configured users.
 */
public final class OidcGroupRoles {

    /** One group's grant, as authorities. */
    private record Grant(String group, List<GrantedAuthority> authorities) {
    }

    private final List<Grant> grants;

    private OidcGroupRoles(List<Grant> grants) {
        this.grants = grants;
    }

    /**
     * Reads the group mappings.
     *
     * @param oidc           the bound configuration
     * @param knownCustomers the customer ids a mapping may name, or null to take any
     * @throws IllegalStateException naming every invalid mapping
     */
    public static OidcGroupRoles load(OperatorSecurityProperties.Oidc oidc, Set<String> knownCustomers) {
        List<String> errors = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < oidc.groups().size(); i++) {
            OperatorSecurityProperties.GroupMapping mapping = oidc.groups().get(i);
            String path = "alerthub.security.oidc.groups[" + i + "]";
            int before = errors.size();
            String group = mapping == null ? null : mapping.group();
            OperatorUsers.unique(path + ".group", "group", group, seen, errors);
            List<GrantedAuthority> authorities = OperatorUsers.grant(path,
                    mapping == null ? List.of() : mapping.roles(), mapping == null ? null : mapping.customers(),
                    knownCustomers, errors);
            if (errors.size() == before) {
                grants.add(new Grant(group, authorities));
            }
        }
        if (oidc.enabled() && oidc.groups().isEmpty()) {
            errors.add("alerthub.security.oidc.groups: must map at least one group when oidc is enabled (nobody could"
                    + " log in)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("invalid oidc group mappings:\n  " + String.join("\n  ", errors));
        }
        return new OidcGroupRoles(List.copyOf(grants));
    }

    /**
     * The authorities of a person in the given groups: every matching mapping's roles and customers together; empty
     * when no group is mapped (the login is then refused).
     */
    public List<GrantedAuthority> authoritiesFor(Collection<String> groups) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (Grant grant : grants) {
            if (groups.contains(grant.group())) {
                authorities.addAll(grant.authorities());
            }
        }
        return List.copyOf(authorities);
    }
}
