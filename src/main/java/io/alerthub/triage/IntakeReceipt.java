package io.alerthub.triage;

import java.util.List;

/**
 * The answer to a stored delivery: the ids of its alerts, and whether it was a redelivery of a source event already
 * stored (then the ids are those of the first delivery).
 */
public record IntakeReceipt(List<String> alertIds, boolean duplicate) {
}
