package io.alerthub.analytics;

/**
 * The SQL pieces of the stats aggregate, shared by the stats queries over incidents ({@link StatsService}) and the
 * day rollups built from the very same expressions ({@link StatsRollups}), so a rolled-up day sums exactly what the
 * raw query would. Portable between H2 (MODE=PostgreSQL) and PostgreSQL.
 */
final class StatsSql {
    /** The hub completed the first-line response itself: both verdicts come only from a scenario run. */
    static final String AUTOMATED = "first_outcome IN ('RESOLVED', 'HANDED_OVER')";
    static final String CLASS = "COALESCE(alert_class, 'unknown')";
    static final String SEVERITY = "COALESCE(severity, '')";
    static final String FIRST_RESPONSE = seconds("first_seen", "first_decided_at");
    /** When the incident was resolved: by the hub's verdict or the source's recovery, whichever came first. */
    private static final String RESOLVED_TIME = "CASE WHEN first_outcome = 'RESOLVED' AND (resolved_at IS NULL"
            + " OR first_decided_at < resolved_at) THEN first_decided_at ELSE resolved_at END";

    private StatsSql() {
    }

    /** The sums {@link Tally#of} reads, as aliases of one aggregate row. */
    static String tallyColumns(AnalyticsProperties properties) {
        // class names and seconds come from validated configuration, never from a request
        StringBuilder manual = new StringBuilder();
        properties.manualHandlingTimes().forEach((alertClass, time) -> manual.append(" WHEN '").append(alertClass)
                .append("' THEN ").append(time.toSeconds()));
        long otherwise = properties.manualHandlingTime().toSeconds();
        String manualSeconds = manual.isEmpty() ? String.valueOf(otherwise)
                : "CASE " + CLASS + manual + " ELSE " + otherwise + " END";
        String mtta = seconds("first_notified_at", "acknowledged_at");
        return "COUNT(*) AS incidents, SUM(alert_count) AS alerts,"
                + " SUM(CASE WHEN first_outcome = 'RESOLVED' THEN 1 ELSE 0 END) AS resolved_by_hub,"
                + " SUM(CASE WHEN first_outcome = 'HANDED_OVER' THEN 1 ELSE 0 END) AS handed_over,"
                + " SUM(CASE WHEN first_outcome = 'ESCALATED' THEN 1 ELSE 0 END) AS escalated,"
                + " SUM(CASE WHEN state = 'SUPPRESSED' THEN 1 ELSE 0 END) AS suppressed,"
                + " SUM(CASE WHEN " + AUTOMATED + " THEN alert_count ELSE 0 END) AS automated_alerts,"
                + " SUM(" + FIRST_RESPONSE + ") AS fr_sum, COUNT(first_decided_at) AS fr_count,"
                + " SUM(CASE WHEN acknowledged_at >= first_notified_at THEN " + mtta + " END) AS mtta_sum,"
                + " COUNT(CASE WHEN acknowledged_at >= first_notified_at THEN 1 END) AS mtta_count,"
                + " SUM(" + seconds("first_seen", RESOLVED_TIME) + ") AS mttr_sum,"
                + " COUNT(" + RESOLVED_TIME + ") AS mttr_count,"
                + " SUM(CASE WHEN " + AUTOMATED + " THEN " + manualSeconds + " - "
                + seconds("COALESCE(automation_started_at, first_seen)", "first_decided_at") + " END) AS saved_sum";
    }

    /**
     * The local day of {@code first_seen} as a yyyymmdd number: EXTRACT reads the shifted value's own fields on H2 and
     * PostgreSQL alike, while CAST(... AS DATE) on H2 would use the session's zone; the zone is a validated region id
     * (AnalyticsProperties), never request input.
     */
    static String day(AnalyticsProperties properties) {
        String local = "(first_seen AT TIME ZONE '" + properties.zone().getId() + "')";
        return "(EXTRACT(YEAR FROM " + local + ") * 10000 + EXTRACT(MONTH FROM " + local + ") * 100"
                + " + EXTRACT(DAY FROM " + local + "))";
    }

    /** Seconds from {@code start} to {@code end} (two timestamp expressions), portable between H2 and PostgreSQL. */
    static String seconds(String start, String end) {
        return "(EXTRACT(EPOCH FROM " + end + ") - EXTRACT(EPOCH FROM " + start + "))";
    }
}
