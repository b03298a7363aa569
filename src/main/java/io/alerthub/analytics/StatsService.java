package io.alerthub.analytics;

import io.alerthub.model.FieldProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The numbers an MSP lives by (design.md §5), computed from the incidents table: stats grouped by customer,
 * department, alert class, host, severity, day, week or month; the MSP's period table; noisy and slow alerts; and
 * automation coverage with the "automate next" ranking. Everything is limited to the caller's customers. A plain Java
 * API returning records: the REST controller and the console call it alike.
 *
 * <p>Each figure is one aggregate query over the covering index {@code incidents_stats} (V11), plus one query for the
 * first-response histogram; departments, weeks and months are merged in Java from per-customer and per-day rows.
 */
@Service
public class StatsService {
    /** The hub completed the first-line response itself: both verdicts come only from a scenario run. */
    static final String AUTOMATED = "first_outcome IN ('RESOLVED', 'HANDED_OVER')";
    static final String REACHED_PEOPLE = "first_outcome IN ('HANDED_OVER', 'ESCALATED')";
    private static final String FIRST_RESPONSE = seconds("first_seen", "first_decided_at");
    /** When the incident was resolved: by the hub's verdict or the source's recovery, whichever came first. */
    private static final String RESOLVED_TIME = "CASE WHEN first_outcome = 'RESOLVED' AND (resolved_at IS NULL"
            + " OR first_decided_at < resolved_at) THEN first_decided_at ELSE resolved_at END";
    private static final String HIGH_SEVERITY = "severity IN ('critical', 'error')";
    private static final String CLASS = "COALESCE(alert_class, 'unknown')";

    private final JdbcTemplate jdbc;
    private final AnalyticsDirectory directory;
    private final AnalyticsProperties properties;
    private final Clock clock;

    public StatsService(JdbcTemplate jdbc, AnalyticsDirectory directory, AnalyticsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    /** The stats of the query's period and customers, one row per group and the totals. */
    public Stats stats(StatsQuery query) {
        Window w = window(query.customer(), query.department(), query.from(), query.to());
        Map<String, Tally> groups = tallies(w, query.groupBy());
        Tally totals = new Tally();
        groups.values().forEach(totals::merge);
        List<StatsRow> items = groups.entrySet().stream().map(e -> e.getValue().row(e.getKey())).toList();
        return new Stats(w.from(), w.to(), query.groupBy().param(), items, totals.row("total"));
    }

    /**
     * The MSP's own table (period, alerts, mean first response, automation rate) by month or year of the zone
     * {@code alerthub.analytics.zone}; without {@code from}, the twelve months before {@code to}.
     */
    public List<ReportRow> report(String customer, String department, Instant from, Instant to, boolean byYear) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.atZone(properties.zone()).minusYears(1).toInstant() : from;
        Window w = window(customer, department, start, end);
        Map<String, Tally> months = tallies(w, StatsGroup.MONTH);
        Map<String, Tally> periods = byYear ? rekey(months, month -> month.substring(0, 4)) : months;
        return periods.entrySet().stream().map(e -> {
            Tally t = e.getValue();
            return new ReportRow(e.getKey(), t.alerts, t.incidents, t.meanFirstResponse(), t.automationRate(),
                    t.incidents == 0 ? 0 : Tally.round(t.escalated / (double) t.incidents, 10_000));
        }).toList();
    }

    /** Noisy and slow alerts of the period: top fingerprints and classes, slowest scenarios, high-severity share. */
    public NoiseReport noisy(String customer, String department, Instant from, Instant to, NoiseOrder order,
                             Integer limit) {
        Window w = window(customer, department, from, to);
        NoiseOrder by = order == null ? NoiseOrder.ALERTS : order;
        int top = top(limit);
        if (w.nothing()) {
            return new NoiseReport(w.from(), w.to(), by.param(), List.of(), List.of(), List.of(),
                    new SeverityShare(null, 0, 0, 0), List.of());
        }
        String counts = "SUM(alert_count) AS alerts, COUNT(*) AS incidents,"
                + " SUM(CASE WHEN first_outcome = 'HANDED_OVER' THEN 1 ELSE 0 END) AS handed_over,"
                + " SUM(CASE WHEN first_outcome = 'ESCALATED' THEN 1 ELSE 0 END) AS escalated";
        List<NoisyAlert> fingerprints = jdbc.query("SELECT customer_id, fingerprint, MAX(name) AS name, MAX(" + CLASS
                        + ") AS cls, " + counts + " FROM incidents" + w.where() + " GROUP BY customer_id, fingerprint"
                        + " ORDER BY " + by.sql(false) + " DESC, customer_id, fingerprint LIMIT ?",
                (rs, n) -> new NoisyAlert(rs.getString("customer_id"), rs.getString("fingerprint"), rs.getString("name"),
                        rs.getString("cls"), rs.getLong("alerts"), rs.getLong("incidents"),
                        rs.getLong("incidents") - 1, rs.getLong("handed_over"), rs.getLong("escalated")),
                w.args(top));
        // a class's flaps are its fingerprints' episodes after their first
        List<NoisyAlert> classes = jdbc.query("SELECT " + CLASS + " AS cls, " + counts
                        + ", COUNT(DISTINCT customer_id || '|' || fingerprint) AS keys FROM incidents" + w.where()
                        + " GROUP BY " + CLASS + " ORDER BY " + by.sql(true) + " DESC, " + CLASS + " LIMIT ?",
                (rs, n) -> new NoisyAlert(null, rs.getString("cls"), null, rs.getString("cls"), rs.getLong("alerts"),
                        rs.getLong("incidents"), rs.getLong("incidents") - rs.getLong("keys"),
                        rs.getLong("handed_over"), rs.getLong("escalated")),
                w.args(top));
        Map<String, SeverityShare> shares = severityShares(w);
        return new NoiseReport(w.from(), w.to(), by.param(), fingerprints, classes, slowScenarios(w, top),
                shares.get(""), shares.values().stream().filter(s -> s.customer() != null).toList());
    }

    /** Coverage per customer (classes seen vs classes a scenario takes) and the ranked "automate next" list. */
    public CoverageReport coverage(String customer, String department, Instant from, Instant to, Integer limit) {
        Window w = window(customer, department, from, to);
        int top = top(limit);
        if (w.nothing()) {
            return new CoverageReport(w.from(), w.to(), List.of(), List.of());
        }
        record Seen(String customer, String alertClass, long alerts, long reachedPeople) {
        }
        List<Seen> seen = jdbc.query("SELECT customer_id, " + CLASS + " AS cls, SUM(alert_count) AS alerts,"
                        + " SUM(CASE WHEN " + REACHED_PEOPLE + " THEN 1 ELSE 0 END) AS reached FROM incidents" + w.where()
                        + " GROUP BY customer_id, " + CLASS + " ORDER BY customer_id, " + CLASS,
                (rs, n) -> new Seen(rs.getString("customer_id"), rs.getString("cls"), rs.getLong("alerts"),
                        rs.getLong("reached")), w.args());
        Map<String, List<Seen>> byCustomer = seen.stream()
                .collect(Collectors.groupingBy(Seen::customer, TreeMap::new, Collectors.toList()));
        List<Coverage> coverage = new ArrayList<>();
        List<AutomateNext> next = new ArrayList<>();
        byCustomer.forEach((id, rows) -> {
            Set<String> bound = new TreeSet<>(directory.boundClasses(id));
            List<String> classes = rows.stream().map(Seen::alertClass).toList();
            List<String> uncovered = classes.stream().filter(c -> !bound.contains(c)).toList();
            long alerts = rows.stream().mapToLong(Seen::alerts).sum();
            long covered = rows.stream().filter(r -> bound.contains(r.alertClass())).mapToLong(Seen::alerts).sum();
            coverage.add(new Coverage(id, classes, List.copyOf(bound), uncovered,
                    Tally.round((classes.size() - uncovered.size()) / (double) classes.size(), 10_000),
                    alerts == 0 ? 0 : Tally.round(covered / (double) alerts, 10_000)));
            rows.stream().filter(r -> r.reachedPeople() > 0).forEach(r -> {
                long manual = properties.manualHandlingTime(r.alertClass()).toSeconds();
                next.add(new AutomateNext(id, r.alertClass(), r.reachedPeople(), manual, r.reachedPeople() * manual,
                        bound.contains(r.alertClass())));
            });
        });
        next.sort(Comparator.comparingLong(AutomateNext::peopleSeconds).reversed()
                .thenComparing(AutomateNext::customer).thenComparing(AutomateNext::alertClass));
        return new CoverageReport(w.from(), w.to(), coverage, next.subList(0, Math.min(top, next.size())));
    }

    private int top(Integer limit) {
        int top = limit == null ? properties.top() : limit;
        if (top < 1 || top > 1000) {
            throw new StatsQueryException(new FieldProblem("limit", "must be 1 to 1000, got \"" + top + "\""));
        }
        return top;
    }

    // ---- the aggregate and histogram queries ------------------------------------------------------------------

    /** The sums of each group, keyed and ordered by the group's key. */
    private Map<String, Tally> tallies(Window w, StatsGroup group) {
        Map<String, Tally> byKey = new TreeMap<>();
        if (w.nothing()) {
            return byKey;
        }
        String key = keyExpression(group);
        jdbc.query("SELECT " + key + " AS k, " + tallyColumns() + " FROM incidents" + w.where() + " GROUP BY " + key,
                rs -> {
                    byKey.put(key(rs, group), Tally.of(rs));
                }, w.args());
        jdbc.query("SELECT " + key + " AS k, ROUND(" + FIRST_RESPONSE + ") AS s, COUNT(*) AS n FROM incidents"
                        + w.where() + " AND first_decided_at IS NOT NULL GROUP BY " + key + ", ROUND(" + FIRST_RESPONSE + ")",
                rs -> {
                    byKey.computeIfAbsent(key(rs, group), k -> new Tally()).firstResponse
                            .add(Math.max(0, rs.getLong("s")), rs.getLong("n"));
                }, w.args());
        if (group == StatsGroup.DEPARTMENT) {
            Map<String, String> departments = new HashMap<>();
            return rekey(byKey, id -> departments.computeIfAbsent(id, directory::department));
        }
        return group.byDay() ? rekey(byKey, group.rekey(UnaryOperator.identity())) : byKey;
    }

    private String tallyColumns() {
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

    private List<SlowScenario> slowScenarios(Window w, int top) {
        Map<String, Histogram> runs = new TreeMap<>();
        Map<String, Double> sums = new HashMap<>();
        String duration = seconds("automation_started_at", "first_decided_at");
        jdbc.query("SELECT scenario, ROUND(" + duration + ") AS s, COUNT(*) AS n, SUM(" + duration + ") AS total"
                        + " FROM incidents" + w.where() + " AND scenario IS NOT NULL AND automation_started_at IS NOT NULL"
                        + " AND first_decided_at IS NOT NULL GROUP BY scenario, ROUND(" + duration + ")",
                rs -> {
                    runs.computeIfAbsent(rs.getString("scenario"), s -> new Histogram())
                            .add(Math.max(0, rs.getLong("s")), rs.getLong("n"));
                    sums.merge(rs.getString("scenario"), rs.getDouble("total"), Double::sum);
                }, w.args());
        return runs.entrySet().stream()
                .map(e -> new SlowScenario(e.getKey(), e.getValue().total(), new Seconds(
                        Tally.mean(sums.get(e.getKey()), e.getValue().total()), e.getValue().percentile(0.5),
                        e.getValue().percentile(0.9))))
                .sorted(Comparator.comparing((SlowScenario s) -> s.durationSeconds().p90()).reversed()
                        .thenComparing(SlowScenario::scenario))
                .limit(top).toList();
    }

    /** The high-severity share per customer, and overall under the key {@code ""}. */
    private Map<String, SeverityShare> severityShares(Window w) {
        Map<String, SeverityShare> shares = new LinkedHashMap<>();
        long[] all = new long[2];
        jdbc.query("SELECT customer_id, SUM(alert_count) AS alerts, SUM(CASE WHEN " + HIGH_SEVERITY
                        + " THEN alert_count ELSE 0 END) AS high FROM incidents" + w.where()
                        + " GROUP BY customer_id ORDER BY customer_id",
                rs -> {
                    long alerts = rs.getLong("alerts");
                    long high = rs.getLong("high");
                    all[0] += alerts;
                    all[1] += high;
                    shares.put(rs.getString("customer_id"), share(rs.getString("customer_id"), alerts, high));
                }, w.args());
        shares.put("", share(null, all[0], all[1]));
        return shares;
    }

    private static SeverityShare share(String customer, long alerts, long high) {
        return new SeverityShare(customer, alerts, high, alerts == 0 ? 0 : Tally.round(high / (double) alerts, 10_000));
    }

    private String keyExpression(StatsGroup group) {
        return switch (group) {
            case CUSTOMER, DEPARTMENT -> "customer_id";
            case ALERT_CLASS -> CLASS;
            case HOST -> "COALESCE(host, '')";
            case SEVERITY -> "COALESCE(severity, '')";
            // yyyymmdd of the local date: EXTRACT reads the shifted value's own fields on H2 and PostgreSQL alike,
            // while CAST(... AS DATE) on H2 would use the session's zone; the zone is a validated region id
            // (AnalyticsProperties), never request input
            case DAY, WEEK, MONTH -> {
                String local = "(first_seen AT TIME ZONE '" + properties.zone().getId() + "')";
                yield "(EXTRACT(YEAR FROM " + local + ") * 10000 + EXTRACT(MONTH FROM " + local + ") * 100"
                        + " + EXTRACT(DAY FROM " + local + "))";
            }
        };
    }

    private static Map<String, Tally> rekey(Map<String, Tally> byKey, UnaryOperator<String> rekey) {
        Map<String, Tally> merged = new TreeMap<>();
        byKey.forEach((k, t) -> merged.computeIfAbsent(rekey.apply(k), x -> new Tally()).merge(t));
        return merged;
    }

    /** Seconds from {@code start} to {@code end} (two timestamp expressions), portable between H2 and PostgreSQL. */
    private static String seconds(String start, String end) {
        return "(EXTRACT(EPOCH FROM " + end + ") - EXTRACT(EPOCH FROM " + start + "))";
    }

    /** A row's group key: the text as grouped, or for days the ISO date of the yyyymmdd number. */
    private static String key(ResultSet rs, StatsGroup group) throws SQLException {
        if (group.byDay()) {
            long yyyymmdd = rs.getLong("k");
            return LocalDate.of((int) (yyyymmdd / 10000), (int) (yyyymmdd / 100 % 100), (int) (yyyymmdd % 100)).toString();
        }
        String key = rs.getString("k");
        return key == null ? "" : key;
    }

    // ---- period and scope ---------------------------------------------------------------------------------------

    /**
     * The period and the customers a request covers: the caller's scope, narrowed by {@code customer} and
     * {@code department}. A customer outside the scope (or unknown) is answered like one without incidents.
     */
    private Window window(String customer, String department, Instant from, Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(properties.defaultWindow()) : from;
        if (!start.isBefore(end)) {
            throw new StatsQueryException(new FieldProblem("from", "must be before to (from \"" + start + "\", to \""
                    + end + "\")"));
        }
        Optional<Set<String>> scope = directory.scope();
        Set<String> customers = scope.map(HashSet::new).orElse(null);
        if (customer != null && !customer.isBlank()) {
            customers = customers == null || customers.contains(customer) ? Set.of(customer) : Set.of();
        }
        if (department != null && !department.isBlank()) {
            Set<String> inDepartment = new HashSet<>(directory.customersIn(department));
            if (customers != null) {
                inDepartment.retainAll(customers);
            }
            customers = inDepartment;
        }
        return new Window(start, end, customers == null ? null : List.copyOf(new TreeSet<>(customers)));
    }

    /** A request's period and customers ({@code null}: every customer). */
    private record Window(Instant from, Instant to, List<String> customers) {
        boolean nothing() {
            return customers != null && customers.isEmpty();
        }

        String where() {
            return " WHERE first_seen >= ? AND first_seen < ?" + (customers == null ? ""
                    : " AND customer_id IN (" + String.join(", ", customers.stream().map(c -> "?").toList()) + ")");
        }

        Object[] args(Object... more) {
            List<Object> args = new ArrayList<>();
            args.add(from.atOffset(ZoneOffset.UTC));
            args.add(to.atOffset(ZoneOffset.UTC));
            if (customers != null) {
                args.addAll(customers);
            }
            args.addAll(List.of(more));
            return args.toArray();
        }
    }
}
