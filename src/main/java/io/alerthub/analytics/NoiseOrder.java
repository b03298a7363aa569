package io.alerthub.analytics;

import io.alerthub.model.FieldProblem;
import java.util.Arrays;

/** How the noisy lists are ranked ({@code orderBy}): by alerts received, by flaps, or by hand-overs to people. */
public enum NoiseOrder {
    ALERTS("alerts", "SUM(alert_count)", "SUM(alert_count)"),
    // a fingerprint's flaps are its episodes after the first; a class's, those of all its fingerprints
    FLAPS("flaps", "COUNT(*)", "COUNT(*) - COUNT(DISTINCT customer_id || '|' || fingerprint)"),
    HAND_OVERS("handOvers", "SUM(CASE WHEN " + StatsService.REACHED_PEOPLE + " THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN " + StatsService.REACHED_PEOPLE + " THEN 1 ELSE 0 END)");

    private final String param;
    private final String perFingerprint;
    private final String perClass;

    NoiseOrder(String param, String perFingerprint, String perClass) {
        this.param = param;
        this.perFingerprint = perFingerprint;
        this.perClass = perClass;
    }

    public String param() {
        return param;
    }

    /** The ranking aggregate for rows grouped by fingerprint or by class. */
    String sql(boolean byClass) {
        return byClass ? perClass : perFingerprint;
    }

    /** The order named {@code value}; alerts when absent; a problem naming {@code orderBy} when unknown. */
    public static NoiseOrder parse(String value) {
        if (value == null || value.isBlank()) {
            return ALERTS;
        }
        return Arrays.stream(values()).filter(o -> o.param.equals(value)).findFirst()
                .orElseThrow(() -> new StatsQueryException(new FieldProblem("orderBy", "unknown order \"" + value
                        + "\" (valid: alerts, flaps, handOvers)")));
    }
}
