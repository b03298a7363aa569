package io.alerthub.analytics;

/** How many of a customer's alerts (or of all, customer null) were high severity ({@code critical} or {@code error}). */
public record SeverityShare(String customer, long alerts, long highSeverityAlerts, double share) {
}
