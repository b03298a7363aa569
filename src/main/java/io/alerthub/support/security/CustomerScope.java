package io.alerthub.support.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Which customers an operator may see and act on (roles per customer). Every API, console page and interactive
 * action asks this before it shows or touches a customer's incident, alert, notification or rejected input; a
 * customer outside the caller's scope is answered like one that does not exist (404, absent from lists).
 *
 * <p>The scope travels as authorities of the login: {@code CUSTOMER_<id>} per customer, {@code CUSTOMER_*} for every
 * customer; an admin sees every customer whatever it holds. A caller without a login (anonymous, or code running on
 * a thread without a security context) sees no customer: the check fails closed.
 */
@Component
public class CustomerScope {

    /** Prefix of the authority granting one customer's data ({@code CUSTOMER_acme}). */
    public static final String AUTHORITY_PREFIX = "CUSTOMER_";
    /** The customer list entry that means every customer, present and future. */
    public static final String EVERY_CUSTOMER = "*";

    private final RoleHierarchy hierarchy;
    private final UserDetailsService users;

    public CustomerScope(RoleHierarchy hierarchy, UserDetailsService users) {
        this.hierarchy = hierarchy;
        this.users = users;
    }

    /** The authority granting the customer ({@code "*"}: every customer). */
    public static String authority(String customerId) {
        return AUTHORITY_PREFIX + customerId;
    }

    /** The authorities granting the listed customers ({@code "*"} among them: every customer). */
    public static List<GrantedAuthority> authorities(Collection<String> customerIds) {
        return customerIds.stream().<GrantedAuthority>map(id -> new SimpleGrantedAuthority(authority(id))).toList();
    }

    /**
     * The customers the current caller is limited to; empty when the caller sees every customer (an admin, or
     * {@code customers: ["*"]}); an empty set when there is no logged-in caller.
     */
    public Optional<Set<String>> limitedTo() {
        return limitedTo(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The customers the given authentication is limited to; empty when it sees every customer. */
    public Optional<Set<String>> limitedTo(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.of(Set.of());
        }
        return limitedTo(authentication.getAuthorities());
    }

    private Optional<Set<String>> limitedTo(Collection<? extends GrantedAuthority> granted) {
        Set<String> ids = new TreeSet<>();
        for (GrantedAuthority authority : hierarchy.getReachableGrantedAuthorities(granted)) {
            String name = authority.getAuthority();
            if (name == null) {
                continue;
            }
            if (name.equals(Role.ADMIN.authority()) || name.equals(authority(EVERY_CUSTOMER))) {
                return Optional.empty();
            }
            if (name.startsWith(AUTHORITY_PREFIX)) {
                ids.add(name.substring(AUTHORITY_PREFIX.length()));
            }
        }
        return Optional.of(Set.copyOf(ids));
    }

    /**
     * The customers a list may show the current caller, for a store's {@code customer_id IN (…)} filter: null when
     * the caller sees every customer, otherwise the (possibly empty) set.
     */
    public Set<String> within() {
        return limitedTo().orElse(null);
    }

    /** Whether the current caller may see and act on the customer's data. */
    public boolean allows(String customerId) {
        return customerId != null && limitedTo().map(ids -> ids.contains(customerId)).orElse(true);
    }

    /**
     * Whether the named operator (not the current caller: e.g. the operator a Slack user maps to) may act on the
     * customer's data: a configured login holding at least the operator role whose customers include this one;
     * false for an unknown or disabled login, a viewer, and a login the hub does not keep (OIDC).
     */
    public boolean allowsOperator(String username, String customerId) {
        if (username == null || username.isBlank() || customerId == null) {
            return false;
        }
        UserDetails user;
        try {
            user = users.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return false;
        }
        if (user == null || !user.isEnabled()) {
            return false;
        }
        boolean operator = hierarchy.getReachableGrantedAuthorities(user.getAuthorities()).stream()
                .anyMatch(a -> Role.OPERATOR.authority().equals(a.getAuthority()));
        return operator && limitedTo(user.getAuthorities()).map(ids -> ids.contains(customerId)).orElse(true);
    }
}
