package io.alerthub.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the MSP's own yearly table: the period, alerts handled, mean first-response time and automation rate,
 * with the incidents and escalated share beside them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReportRow(String period, long alerts, long incidents, Double meanFirstResponseSeconds,
                        double automationRate, double escalatedShare) {
}
