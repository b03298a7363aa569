package io.alerthub.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The mergeable sums behind one {@link StatsRow}: counts, sums of durations with how many were measured, and the
 * first-response histogram. Rows the database grouped by customer or day merge into departments, weeks, months and
 * the totals without going back to the database.
 */
final class Tally {
    long incidents;
    long alerts;
    long resolvedByHub;
    long handedOver;
    long escalated;
    long suppressed;
    long automatedAlerts;
    double firstResponseSum;
    long firstResponseCount;
    double mttaSum;
    long mttaCount;
    double mttrSum;
    long mttrCount;
    double savedSum;
    final Histogram firstResponse = new Histogram();

    /** The sums of one row of {@link StatsSql#TALLY_COLUMNS}. */
    static Tally of(ResultSet rs) throws SQLException {
        Tally t = new Tally();
        t.incidents = rs.getLong("incidents");
        t.alerts = rs.getLong("alerts");
        t.resolvedByHub = rs.getLong("resolved_by_hub");
        t.handedOver = rs.getLong("handed_over");
        t.escalated = rs.getLong("escalated");
        t.suppressed = rs.getLong("suppressed");
        t.automatedAlerts = rs.getLong("automated_alerts");
        t.firstResponseSum = rs.getDouble("fr_sum");
        t.firstResponseCount = rs.getLong("fr_count");
        t.mttaSum = rs.getDouble("mtta_sum");
        t.mttaCount = rs.getLong("mtta_count");
        t.mttrSum = rs.getDouble("mttr_sum");
        t.mttrCount = rs.getLong("mttr_count");
        t.savedSum = rs.getDouble("saved_sum");
        return t;
    }

    Tally merge(Tally o) {
        incidents += o.incidents;
        alerts += o.alerts;
        resolvedByHub += o.resolvedByHub;
        handedOver += o.handedOver;
        escalated += o.escalated;
        suppressed += o.suppressed;
        automatedAlerts += o.automatedAlerts;
        firstResponseSum += o.firstResponseSum;
        firstResponseCount += o.firstResponseCount;
        mttaSum += o.mttaSum;
        mttaCount += o.mttaCount;
        mttrSum += o.mttrSum;
        mttrCount += o.mttrCount;
        savedSum += o.savedSum;
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
                automationRate(), fr, mean(mttaSum, mttaCount), mean(mttrSum, mttrCount), round(savedSum, 10));
    }

    static Double mean(double sum, long count) {
        return count == 0 ? null : round(sum / count, 10);
    }

    static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
