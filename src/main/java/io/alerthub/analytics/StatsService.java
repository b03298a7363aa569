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
import org.springframework.beans.factory.annotation.Autowired;
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
    static final String REACHED_PEOPLE = "first_outcome IN ('HANDED_OVER', 'ESCALATED')";
    private static final String FIRST_RESPONSE = StatsSql.FIRST_RESPONSE;
    private static final String HIGH_SEVERITY = "severity IN ('critical', 'error')";
    private static final String CLASS = StatsSql.CLASS;

    private final JdbcTemplate jdbc;
    private final AnalyticsDirectory directory;
    private final AnalyticsProperties properties;
    private final Clock clock;
    /** The day rollups long periods are read from; {@code null}: every figure from incidents. */
    private final StatsRollups rollups;

    /** Stats answered from incidents alone (tests and tools comparing against the rollups). */
    public StatsService(JdbcTemplate jdbc, AnalyticsDirectory directory, AnalyticsProperties properties, Clock clock) {
        this(jdbc, directory, properties, clock, null);
    }

    /** Stats answered from the day rollups for whole rolled-up days and from incidents for the rest. */
    @Autowired
    public StatsService(JdbcTemplate jdbc, AnalyticsDirectory directory, AnalyticsProperties properties, Clock clock,
                        StatsRollups rollups) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
        this.rollups = rollups;
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

    /**
     * The sums of each group, keyed and ordered by the group's key: whole days the rollups cover (and that no incident
     * changed since) from {@code stats_day}, the rest of the period from incidents. Hosts are rolled up by whole
     * months only: per day they are nearly as many as the incidents they would sum.
     */
    private Map<String, Tally> tallies(Window w, StatsGroup group) {
        Map<String, Tally> byKey = new TreeMap<>();
        if (w.nothing()) {
            return byKey;
        }
        Window raw = w;
        Optional<StatsRollups.Plan> plan = rollups == null ? Optional.empty() : rollups.plan(w.from(), w.to());
        if (plan.isPresent()) {
            StatsRollups.Dim dim = switch (group) {
                case ALERT_CLASS -> StatsRollups.Dim.CLASS;
                case SEVERITY -> StatsRollups.Dim.SEVERITY;
                case HOST -> StatsRollups.Dim.HOST;
                default -> StatsRollups.Dim.CUSTOMER;
            };
            // month rows for whole months, unless the answer is by day or ISO week (weeks cross months)
            boolean months = group != StatsGroup.DAY && group != StatsGroup.WEEK;
            List<StatsRollups.Span> uncovered = rollups.read(dim, plan.get(), w.customers(), months,
                    (customer, day, dimKey, tally) -> byKey.computeIfAbsent(group.byDay() ? day.toString()
                            : dim == StatsRollups.Dim.CUSTOMER ? customer : dimKey, k -> new Tally()).merge(tally));
            List<StatsRollups.Span> rawSpans = new ArrayList<>(plan.get().raw());
            rawSpans.addAll(uncovered);
            raw = w.over(StatsRollups.merge(rawSpans));
        }
        if (!raw.spans().isEmpty()) {
            String key = keyExpression(group);
            jdbc.query("SELECT " + key + " AS k, " + StatsSql.tallyColumns(properties) + " FROM incidents" + raw.where()
                    + " GROUP BY " + key, rs -> {
                        byKey.computeIfAbsent(key(rs, group), k -> new Tally()).merge(Tally.of(rs));
                    }, raw.args());
            jdbc.query("SELECT " + key + " AS k, ROUND(" + FIRST_RESPONSE + ") AS s, COUNT(*) AS n FROM incidents"
                            + raw.where() + " AND first_decided_at IS NOT NULL GROUP BY " + key + ", ROUND(" + FIRST_RESPONSE + ")",
                    rs -> {
                        byKey.computeIfAbsent(key(rs, group), k -> new Tally()).firstResponse
                                .add(Math.max(0, rs.getLong("s")), rs.getLong("n"));
                    }, raw.args());
        }
        if (group == StatsGroup.DEPARTMENT) {
            Map<String, String> departments = new HashMap<>();
            return rekey(byKey, id -> departments.computeIfAbsent(id, directory::department));
        }
        return group.byDay() ? rekey(byKey, group.rekey(UnaryOperator.identity())) : byKey;
    }

    private List<SlowScenario> slowScenarios(Window w, int top) {
        Map<String, Histogram> runs = new TreeMap<>();
        Map<String, Double> sums = new HashMap<>();
        String duration = StatsSql.seconds("automation_started_at", "first_decided_at");
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
            case SEVERITY -> StatsSql.SEVERITY;
            case DAY, WEEK, MONTH -> StatsSql.day(properties);
        };
    }

    private static Map<String, Tally> rekey(Map<String, Tally> byKey, UnaryOperator<String> rekey) {
        Map<String, Tally> merged = new TreeMap<>();
        byKey.forEach((k, t) -> merged.computeIfAbsent(rekey.apply(k), x -> new Tally()).merge(t));
        return merged;
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
        return new Window(start, end, customers == null ? null : List.copyOf(new TreeSet<>(customers)),
                List.of(new StatsRollups.Span(start, end)));
    }

    /**
     * A request's period and customers ({@code null}: every customer), and the spans of {@code first_seen} its
     * queries over incidents read: the whole period, or the parts the rollups do not cover.
     */
    private record Window(Instant from, Instant to, List<String> customers, List<StatsRollups.Span> spans) {
        boolean nothing() {
            return customers != null && customers.isEmpty();
        }

        Window over(List<StatsRollups.Span> parts) {
            return new Window(from, to, customers, parts);
        }

        String where() {
            String period = String.join(" OR ", spans.stream().map(s -> "first_seen >= ? AND first_seen < ?").toList());
            return " WHERE " + (spans.size() == 1 ? period : "(" + period + ")") + (customers == null ? ""
                    : " AND customer_id IN (" + String.join(", ", customers.stream().map(c -> "?").toList()) + ")");
        }

        Object[] args(Object... more) {
            List<Object> args = new ArrayList<>();
            for (StatsRollups.Span span : spans) {
                args.add(span.from().atOffset(ZoneOffset.UTC));
                args.add(span.to().atOffset(ZoneOffset.UTC));
            }
            if (customers != null) {
                args.addAll(customers);
            }
            args.addAll(List.of(more));
            return args.toArray();
        }
    }
}
