package io.alerthub.store;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.alerthub.model.Alert;

/** A stored alert and the incident it folded into, as the operator API shows it. */
public record StoredAlert(@JsonUnwrapped Alert alert, String incidentId) {
}
