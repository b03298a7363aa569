package io.alerthub.analytics;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The mergeable sums behind one {@link StatsRow}: counts, sums of durations with how many were measured, and the
 * first-response histogram. Rows the database grouped by customer or day merge into departments, weeks, months and
 * the totals without going back to the database. The sums of seconds are exact decimals (as the database sums them),
 * so merged day and month rollups and one aggregate over the same incidents give the very same figure.
 */
final class Tally {
    long incidents;
    long alerts;
    long resolvedByHub;
    long handedOver;
    long escalated;
    long suppressed;
    long automatedAlerts;
    BigDecimal firstResponseSum = BigDecimal.ZERO;
    long firstResponseCount;
    BigDecimal mttaSum = BigDecimal.ZERO;
    long mttaCount;
    BigDecimal mttrSum = BigDecimal.ZERO;
    long mttrCount;
    BigDecimal savedSum = BigDecimal.ZERO;
    final Histogram firstResponse = new Histogram();

    /** The sums of one row of {@link StatsSql#tallyColumns} (a raw aggregate row or a rollup row alike). */
    static Tally of(ResultSet rs) throws SQLException {
        Tally t = new Tally();
        t.incidents = rs.getLong("incidents");
        t.alerts = rs.getLong("alerts");
        t.resolvedByHub = rs.getLong("resolved_by_hub");
        t.handedOver = rs.getLong("handed_over");
        t.escalated = rs.getLong("escalated");
        t.suppressed = rs.getLong("suppressed");
        t.automatedAlerts = rs.getLong("automated_alerts");
        t.firstResponseSum = decimal(rs, "fr_sum");
        t.firstResponseCount = rs.getLong("fr_count");
        t.mttaSum = decimal(rs, "mtta_sum");
        t.mttaCount = rs.getLong("mtta_count");
        t.mttrSum = decimal(rs, "mttr_sum");
        t.mttrCount = rs.getLong("mttr_count");
        t.savedSum = decimal(rs, "saved_sum");
        return t;
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? BigDecimal.ZERO : value;
    }

    Tally merge(Tally o) {
        incidents += o.incidents;
        alerts += o.alerts;
        resolvedByHub += o.resolvedByHub;
        handedOver += o.handedOver;
        escalated += o.escalated;
        suppressed += o.suppressed;
        automatedAlerts += o.automatedAlerts;
        firstResponseSum = firstResponseSum.add(o.firstResponseSum);
        firstResponseCount += o.firstResponseCount;
        mttaSum = mttaSum.add(o.mttaSum);
        mttaCount += o.mttaCount;
        mttrSum = mttrSum.add(o.mttrSum);
        mttrCount += o.mttrCount;
        savedSum = savedSum.add(o.savedSum);
        firstResponse.addAll(o.firstResponse);
        return this;
    }

    /** Incidents that reached a person first: handed over or escalated. */
    long reachedPeople() {
        return handedOver + escalated;
    }

    double automationRate() {
        return alerts == 0 ? 0 : round(automatedAlerts / (double) alerts, 10_000);
    }

    Double meanFirstResponse() {
        return mean(firstResponseSum, firstResponseCount);
    }

    StatsRow row(String key) {
        Seconds fr = firstResponseCount == 0 ? Seconds.NONE
                : new Seconds(meanFirstResponse(), firstResponse.percentile(0.5), firstResponse.percentile(0.9));
        return new StatsRow(key, alerts, incidents, resolvedByHub, handedOver, escalated, suppressed,
                automationRate(), fr, mean(mttaSum, mttaCount), mean(mttrSum, mttrCount),
                round(savedSum.doubleValue(), 10));
    }

    static Double mean(BigDecimal sum, long count) {
        return mean(sum.doubleValue(), count);
    }

    static Double mean(double sum, long count) {
        return count == 0 ? null : round(sum / count, 10);
    }

    static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
