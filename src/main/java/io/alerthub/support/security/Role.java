package io.alerthub.support.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The three operator roles of the hub, each including the rights of the ones below it. */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The name used in configuration ({@code alerthub.security.users[].roles}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority, as checked by {@code hasRole(name())}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role named in configuration, case-insensitive, if there is one. */
    public static Optional<Role> fromConfigName(String value) {
        return Arrays.stream(values())
                .filter(role -> role.configName().equalsIgnoreCase(value == null ? "" : value.trim()))
                .findFirst();
    }

    /** The configuration names of all roles, quoted, for error messages. */
    public static String quotedConfigNames() {
        return Arrays.stream(values()).map(role -> "\"" + role.configName() + "\"").collect(Collectors.joining(", "));
    }

    /** admin implies operator implies viewer, so every check names the least role it needs. */
    public static RoleHierarchy hierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN.name()).implies(OPERATOR.name())
                .role(OPERATOR.name()).implies(VIEWER.name())
                .build();
    }

    /** Every role the authentication holds, directly or through the hierarchy; empty when anonymous. */
    public static Set<Role> held(Authentication authentication, RoleHierarchy hierarchy) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (authentication == null || !authentication.isAuthenticated()) {
            return roles;
        }
        for (GrantedAuthority granted : hierarchy.getReachableGrantedAuthorities(authentication.getAuthorities())) {
            for (Role role : values()) {
                if (role.authority().equals(granted.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }
}
