package io.alerthub.config;

import java.util.Optional;

/**
 * Published (as a Spring application event and to {@link CustomerRegistry#addListener} listeners) when the running
 * hub puts a new, edited or removed customer profile into service; not published for the profiles loaded at start.
 *
 * @param previous the profile in service before, null for an added customer
 * @param current  the profile in service now, null for a removed customer
 */
public record CustomerConfigChanged(String customerId, CustomerConfig previous, CustomerConfig current) {

    /** What happened to the customer. */
    public enum Kind { ADDED, UPDATED, REMOVED }

    public Kind kind() {
        return previous == null ? Kind.ADDED : current == null ? Kind.REMOVED : Kind.UPDATED;
    }

    public Optional<CustomerConfig> currentConfig() {
        return Optional.ofNullable(current);
    }
}
