package io.alerthub.support.security;

import java.util.Set;

/**
 * The ids of the customers the hub serves, as security needs them to check the {@code customers} of operator logins
 * and IdP group mappings at start-up (the customer registry provides it; security may not import it).
 */
public interface CustomerDirectory {

    /** The ids of every customer in service now. */
    Set<String> customerIds();
}
