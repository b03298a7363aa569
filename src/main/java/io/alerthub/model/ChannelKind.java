package io.alerthub.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The channels the hub notifies people on, shared by the escalate stage (which queues notifications per channel) and
 * the notify stage (one sub-package per channel). {@link #id()} is the name customer.yaml, the outbox, the timeline
 * and the API use.
 */
public enum ChannelKind {
    SLACK, PAGERDUTY,
    /** Reaches the customer: the customer's quiet hours hold it. */
    EMAIL;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the channel reaches the customer rather than the MSP's own people. */
    public boolean reachesCustomer() {
        return this == EMAIL;
    }

    /** The channel named {@code id} ({@code slack}, {@code pagerduty}, {@code email}). */
    @JsonCreator
    public static ChannelKind of(String id) {
        for (ChannelKind c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown channel \"" + id + "\" (valid: "
                + Arrays.stream(values()).map(ChannelKind::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id();
    }
}
