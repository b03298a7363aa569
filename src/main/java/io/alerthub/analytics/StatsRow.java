package io.alerthub.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the stats (design.md §5 and §7): a group's alerts (every message received, duplicates and recoveries
 * folded into its incidents included) and incidents, the incidents' first decided outcomes, the automation rate
 * (alerts whose incident the hub completed itself ÷ all alerts), first-response time (firstSeen → first verdict),
 * MTTA (first notification sent → acknowledgement), MTTR (firstSeen → resolved) and the people-time the hub saved.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatsRow(
        String key,
        long alerts,
        long incidents,
        long resolvedByHub,
        long handedOver,
        long escalated,
        long suppressed,
        double automationRate,
        Seconds firstResponseSeconds,
        Double mttaSeconds,
        Double mttrSeconds,
        double timeSavedSeconds) {

    /** The CSV header, the same names as the JSON fields (first response flattened). */
    static final String CSV_HEADER = "key,alerts,incidents,resolvedByHub,handedOver,escalated,suppressed,"
            + "automationRate,firstResponseMeanSeconds,firstResponseP50Seconds,firstResponseP90Seconds,mttaSeconds,"
            + "mttrSeconds,timeSavedSeconds";
}
