package io.alerthub.store;

import io.alerthub.model.AlertStatus;
import java.time.Instant;

/**
 * Filters for listing alerts; null means "any". {@code source} matches the source kind ({@code mail},
 * {@code webhook}…) or the format ({@code alertmanager}…); {@code cursor} is the last id of the previous page.
 */
public record AlertQuery(String customerId, AlertStatus status, String source, Instant since, String cursor, int limit) {
}
