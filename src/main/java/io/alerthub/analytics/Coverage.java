package io.alerthub.analytics;

import java.util.List;

/**
 * A customer's automation coverage: the alert classes seen in the period, those a scenario binding takes, the seen
 * ones none takes, and the share of seen classes (and of alerts) a scenario covers.
 */
public record Coverage(String customer, List<String> classesSeen, List<String> classesBound, List<String> uncovered,
                       double classCoverage, double alertCoverage) {
}
