package io.alerthub.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fingerprint (with its customer) or an alert class (customer null) ranked by noise: alerts received, incidents
 * (episodes), flaps (episodes after the first: it resolved and fired again), and how many reached people.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NoisyAlert(String customer, String key, String name, String alertClass, long alerts, long incidents,
                         long flaps, long handedOver, long escalated) {
}
