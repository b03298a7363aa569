package io.alerthub.support.security;

import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Which customers an operator may see and act on (issue 14: roles per customer). Every API, console page and
 * interactive action asks this before it shows or touches a customer's incident, alert, notification or rejected
 * input; a customer outside the caller's scope is answered like one that does not exist (404, absent from lists).
 *
 * <p>Seam only for now: every authenticated caller sees every customer. The per-customer roles
 * ({@code alerthub.security.users[].customers}) fill it in.
 */
@Component
public class CustomerScope {

    /**
     * The customers the current caller is limited to; empty when the caller sees every customer (an admin, or
     * {@code customers: ["*"]}).
     */
    public Optional<Set<String>> limitedTo() {
        return limitedTo(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The customers the given authentication is limited to; empty when it sees every customer. */
    public Optional<Set<String>> limitedTo(Authentication authentication) {
        return Optional.empty();
    }

    /** Whether the current caller may see and act on the customer's data. */
    public boolean allows(String customerId) {
        return limitedTo().map(ids -> ids.contains(customerId)).orElse(true);
    }

    /**
     * Whether the named operator (not the current caller: e.g. the operator a Slack user maps to) may act on the
     * customer's data; false for an unknown operator.
     */
    public boolean allowsOperator(String username, String customerId) {
        return username != null && !username.isBlank();
    }
}
