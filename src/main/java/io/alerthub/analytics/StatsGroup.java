package io.alerthub.analytics;

import io.alerthub.model.FieldProblem;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one row of {@code GET /api/v1/stats} stands for ({@code groupBy}). Department, week and month are merged in
 * Java from per-customer and per-day rows: a customer's department comes from its customer.yaml, and weeks and
 * months from whole days in the configured zone.
 */
public enum StatsGroup {
    CUSTOMER("customer"),
    DEPARTMENT("department"),
    ALERT_CLASS("alertClass"),
    HOST("host"),
    SEVERITY("severity"),
    DAY("day"),
    WEEK("week"),
    MONTH("month");

    private final String param;

    StatsGroup(String param) {
        this.param = param;
    }

    /** The name the API takes and answers with. */
    public String param() {
        return param;
    }

    /** The grouping named {@code value} (as the API spells it); a problem naming {@code groupBy} otherwise. */
    public static StatsGroup parse(String value) {
        if (value == null || value.isBlank()) {
            return ALERT_CLASS;
        }
        return Arrays.stream(values()).filter(g -> g.param.equals(value)).findFirst()
                .orElseThrow(() -> new StatsQueryException(new FieldProblem("groupBy", "unknown grouping \""
                        + value + "\" (valid: " + String.join(", ", names()) + ")")));
    }

    static List<String> names() {
        return Arrays.stream(values()).map(StatsGroup::param).toList();
    }

    /** Whether the database groups by day and Java folds the days into this group. */
    boolean byDay() {
        return this == DAY || this == WEEK || this == MONTH;
    }

    /** The key of a merged row, from the key the database grouped by (a customer id or an ISO day). */
    UnaryOperator<String> rekey(UnaryOperator<String> departmentOf) {
        return switch (this) {
            case DEPARTMENT -> departmentOf;
            case WEEK -> day -> {
                LocalDate d = LocalDate.parse(day);
                return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            };
            case MONTH -> day -> YearMonth.from(LocalDate.parse(day)).toString();
            default -> UnaryOperator.identity();
        };
    }
}
