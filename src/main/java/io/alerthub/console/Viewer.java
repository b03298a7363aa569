package io.alerthub.console;

import io.alerthub.support.security.Role;
import java.util.Set;

/**
 * The operator looking at a console page: who, and which roles (with those they imply), so a page offers only the
 * buttons the operator API would accept from them.
 */
public record Viewer(String username, Set<Role> roles) {

    public Viewer {
        roles = Set.copyOf(roles);
    }

    /** Incident actions, silences (the operator role). */
    public boolean canOperate() {
        return roles.contains(Role.OPERATOR);
    }

    /** Dead-letter retry, the hub-wide kill switch (the admin role). */
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
