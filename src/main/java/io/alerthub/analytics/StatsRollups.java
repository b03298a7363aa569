package io.alerthub.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day rollups of the stats (V18, analytics stage): per customer and local day the sums and first-response
 * histogram of {@code GET /api/v1/stats}, by customer, alert class and severity, so a year is read from a few hundred
 * thousand pre-summed rows instead of every incident. Built by the route {@code analytics.rollup}
 * ({@link #refresh()}): the first run backfills every closed day month by month, later runs add the day that has just
 * closed and recompute the days whose incidents changed since (the marks every incident writer leaves in
 * {@code stats_rollup_dirty}). Until a changed day is recomputed, {@link #plan} sends it to the raw query, so an
 * answer never depends on whether the job has run yet. Hub instances take turns through a row lock on
 * {@code stats_rollup_state}; every step deletes and rewrites whole days, so repeating one is harmless.
 */
@Service
public class StatsRollups {
    private static final Logger log = LoggerFactory.getLogger(StatsRollups.class);
    /** Beyond this many changed days in a period, the rollups are not worth the OR-ed spans: read it all raw. */
    private static final int MAX_DIRTY_DAYS = 62;
    private static final int MARK_BATCH = 10_000;
    private static final String COLUMNS = "incidents, alerts, resolved_by_hub, handed_over, escalated, suppressed,"
            + " automated_alerts, fr_sum, fr_count, mtta_sum, mtta_count, mttr_sum, mttr_count, saved_sum";

    /** What one rollup row sums over: a customer's day, or its alert classes or severities. */
    enum Dim {
        CUSTOMER("customer", null, false),
        CLASS("class", StatsSql.CLASS, false),
        SEVERITY("severity", StatsSql.SEVERITY, false),
        /** Month rows only: a customer's hosts are nearly as many per day as its incidents, but far fewer per month. */
        HOST("host", "COALESCE(host, '')", true);

        final String column;
        final String keyExpression;
        final boolean monthsOnly;

        Dim(String column, String keyExpression, boolean monthsOnly) {
            this.column = column;
            this.keyExpression = keyExpression;
            this.monthsOnly = monthsOnly;
        }
    }

    /** A half-open span of {@code first_seen}. */
    record Span(Instant from, Instant to) {
    }

    /**
     * How to answer a period: rolled-up days {@code [from, until)} except {@code skip} (changed since their rollup),
     * and {@code raw}, the spans left for the query over incidents (partial days at the edges and the skipped days).
     */
    record Plan(LocalDate from, LocalDate until, Set<LocalDate> skip, List<Span> raw) {
    }

    /** The spans sorted, adjacent ones joined. */
    static List<Span> merge(List<Span> spans) {
        List<Span> merged = new ArrayList<>();
        spans.stream().sorted(java.util.Comparator.comparing(Span::from)).forEach(s -> add(merged, s.from(), s.to()));
        return merged;
    }

    /** One rollup row handed to the stats: its customer, day, key within the dimension and sums. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(String customer, LocalDate day, String dimKey, Tally tally);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AnalyticsProperties properties;
    private final Clock clock;

    public StatsRollups(JdbcTemplate jdbc, TransactionTemplate tx, AnalyticsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Everything a rollup row depends on besides the incidents: the zone that draws days and the manual handling times
     * of "time saved". Rollups built under other settings are not used, and the next refresh rebuilds them.
     */
    String settings() {
        StringBuilder s = new StringBuilder("zone=").append(properties.zone().getId())
                .append(";manual=").append(properties.manualHandlingTime().toSeconds());
        new TreeMap<>(properties.manualHandlingTimes())
                .forEach((cls, time) -> s.append(';').append(cls).append('=').append(time.toSeconds()));
        return s.toString();
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /**
     * How the period {@code [from, to)} is answered: empty when no whole rolled-up day lies in it (or the rollups were
     * built under other settings, or too many of its days changed since), so the caller reads it all from incidents.
     */
    Optional<Plan> plan(Instant from, Instant to) {
        ZoneId zone = properties.zone();
        State state = state();
        if (!settings().equals(state.settings()) || state.from() == null) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.ofInstant(from, zone);
        if (start(first).isBefore(from)) {
            first = first.plusDays(1);
        }
        LocalDate last = LocalDate.ofInstant(to, zone);
        first = first.isBefore(state.from()) ? state.from() : first;
        last = last.isAfter(state.until()) ? state.until() : last;
        if (!first.isBefore(last)) {
            return Optional.empty();
        }
        Set<LocalDate> dirty = new TreeSet<>();
        jdbc.query("SELECT DISTINCT i.first_seen FROM stats_rollup_dirty d JOIN incidents i ON i.id = d.incident_id"
                        + " WHERE i.first_seen >= ? AND i.first_seen < ?",
                rs -> {
                    dirty.add(LocalDate.ofInstant(rs.getObject(1, OffsetDateTime.class).toInstant(), zone));
                }, start(first).atOffset(ZoneOffset.UTC), start(last).atOffset(ZoneOffset.UTC));
        if (dirty.size() > MAX_DIRTY_DAYS) {
            return Optional.empty();
        }
        List<Span> raw = new ArrayList<>();
        add(raw, from, start(first));
        dirty.forEach(day -> add(raw, start(day), start(day.plusDays(1))));
        add(raw, start(last), to);
        return Optional.of(new Plan(first, last, dirty, raw));
    }

    /**
     * Hands the rollup rows that sum the plan's days (of the given customers, {@code null}: all) to {@code rows}: a
     * month's row for every whole month without a changed day when {@code months} is allowed (the key is then the
     * month's first day), day rows for the other days. Returns the spans it did not cover, which the caller reads from
     * incidents besides the plan's own: for a dimension of month rows only, the days outside whole months.
     */
    List<Span> read(Dim dim, Plan plan, List<String> customers, boolean months, RowConsumer rows) {
        TreeSet<LocalDate> wholeMonths = new TreeSet<>();
        List<Span> dayRanges = new ArrayList<>();
        LocalDate day = plan.from();
        while (day.isBefore(plan.until())) {
            LocalDate next = day.withDayOfMonth(1).plusMonths(1);
            LocalDate first = day;
            if (months && day.getDayOfMonth() == 1 && !next.isAfter(plan.until())
                    && plan.skip().stream().noneMatch(d -> !d.isBefore(first) && d.isBefore(next))) {
                wholeMonths.add(day);
            } else {
                add(dayRanges, start(day), start(next.isAfter(plan.until()) ? plan.until() : next));
            }
            day = next.isAfter(plan.until()) ? plan.until() : next;
        }
        if (!wholeMonths.isEmpty()) {
            select(dim, "M", List.of(new Span(start(wholeMonths.first()), start(wholeMonths.last().plusMonths(1)))),
                    customers, (c, d, k, t) -> {
                        if (wholeMonths.contains(d)) {
                            rows.accept(c, d, k, t);
                        }
                    });
        }
        List<Span> uncovered = new ArrayList<>();
        if (dim.monthsOnly) {
            for (Span range : dayRanges) {
                for (LocalDate d = LocalDate.ofInstant(range.from(), properties.zone()); start(d).isBefore(range.to());
                     d = d.plusDays(1)) {
                    if (!plan.skip().contains(d)) { // a changed day is among the plan's raw spans already
                        add(uncovered, start(d), start(d.plusDays(1)));
                    }
                }
            }
        } else if (!dayRanges.isEmpty()) {
            select(dim, "D", dayRanges, customers, (c, d, k, t) -> {
                if (!plan.skip().contains(d)) {
                    rows.accept(c, d, k, t);
                }
            });
        }
        return uncovered;
    }

    /** Rollup rows of one period kind whose stat_day lies in one of the ranges (given as their days' starts). */
    private void select(Dim dim, String period, List<Span> ranges, List<String> customers, RowConsumer rows) {
        ZoneId zone = properties.zone();
        List<Object> args = new ArrayList<>(List.of(dim.column, period));
        List<String> days = new ArrayList<>();
        for (Span range : ranges) {
            days.add("stat_day >= ? AND stat_day < ?");
            args.add(LocalDate.ofInstant(range.from(), zone));
            args.add(LocalDate.ofInstant(range.to(), zone));
        }
        String only = "";
        if (customers != null) {
            only = " AND customer_id IN (" + String.join(", ", customers.stream().map(c -> "?").toList()) + ")";
            args.addAll(customers);
        }
        jdbc.query("SELECT customer_id, stat_day, dim_key, " + COLUMNS + ", fr_hist FROM stats_day WHERE dim = ?"
                + " AND period = ? AND (" + String.join(" OR ", days) + ")" + only, rs -> {
                    Tally tally = Tally.of(rs);
                    tally.firstResponse.addEncoded(rs.getString("fr_hist"));
                    rows.accept(rs.getString("customer_id"), rs.getObject("stat_day", LocalDate.class),
                            rs.getString("dim_key"), tally);
                }, args.toArray());
    }

    // ---- maintaining ----------------------------------------------------------------------------------------------

    /**
     * One round of the rollup job: starts over if the settings changed (or nothing was built yet), rolls up every
     * closed day not yet covered (month by month, logging progress), then recomputes the covered days whose incidents
     * changed and deletes exactly the marks it read. Idempotent; safe on several instances at once.
     */
    public void refresh() {
        ZoneId zone = properties.zone();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        String settings = settings();
        tx.executeWithoutResult(s -> {
            if (!settings.equals(lockState().settings())) {
                restart(settings, today);
            }
        });
        // days up to the threshold writers mark before: raised at the end of a round, used by the next one, so a write
        // in flight when a day closed has committed (visible to the build) or left its mark
        OffsetDateTime markBefore = jdbc.queryForObject("SELECT mark_before FROM stats_rollup_state WHERE id = 1",
                OffsetDateTime.class);
        LocalDate limit = markBefore == null ? today : LocalDate.ofInstant(markBefore.toInstant(), zone);
        LocalDate closed = limit.isAfter(today) ? today : limit;
        // the marks before the days are built: a change committed later leaves a mark the next round still sees
        List<Long> seqs = new ArrayList<>();
        Set<LocalDate> changed = new TreeSet<>();
        jdbc.query("SELECT d.seq, i.first_seen FROM stats_rollup_dirty d LEFT JOIN incidents i ON i.id = d.incident_id"
                + " ORDER BY d.seq LIMIT " + MARK_BATCH, rs -> {
                    seqs.add(rs.getLong(1));
                    OffsetDateTime seen = rs.getObject(2, OffsetDateTime.class);
                    if (seen != null) {
                        changed.add(LocalDate.ofInstant(seen.toInstant(), zone));
                    }
                });
        State before = state();
        while (extend(settings, closed)) {
            // one month per transaction, so a first backfill of years shows progress and holds the lock briefly
        }
        tx.executeWithoutResult(s -> {
            State state = lockState();
            if (!settings.equals(state.settings())) {
                return; // another instance started over meanwhile; its rebuild reads every change
            }
            List<LocalDate> days = changed.stream().filter(d -> before.covers(d) && state.covers(d)).toList();
            days.forEach(day -> build(day, day.plusDays(1)));
            buildMonths(days.stream().map(d -> d.withDayOfMonth(1)).collect(Collectors.toCollection(TreeSet::new)));
            for (int i = 0; i < seqs.size(); i += 1000) {
                List<Long> part = seqs.subList(i, Math.min(seqs.size(), i + 1000));
                jdbc.update("DELETE FROM stats_rollup_dirty WHERE seq IN ("
                        + String.join(", ", part.stream().map(x -> "?").toList()) + ")", part.toArray());
            }
            if (!days.isEmpty()) {
                log.info("stats rollups: recomputed {} changed day(s) {}", days.size(), days);
            }
            jdbc.update("UPDATE stats_rollup_state SET mark_before = ? WHERE id = 1 AND (mark_before IS NULL"
                    + " OR mark_before < ?)", start(today).atOffset(ZoneOffset.UTC), start(today).atOffset(ZoneOffset.UTC));
        });
    }

    /**
     * Rebuilds the rolled-up days in {@code [from, until)} from incidents (the repair step: for writers that bypass
     * the marks, e.g. an import). Covered days only; idempotent.
     */
    public void repair(LocalDate from, LocalDate until) {
        String settings = settings();
        tx.executeWithoutResult(s -> {
            State state = lockState();
            if (!settings.equals(state.settings()) || state.from() == null) {
                return;
            }
            LocalDate a = from.isBefore(state.from()) ? state.from() : from;
            LocalDate b = until.isAfter(state.until()) ? state.until() : until;
            if (a.isBefore(b)) {
                int rows = build(a, b) + buildMonths(monthsOf(a, b));
                log.info("stats rollups: repaired days {} to {} ({} rows)", a, b.minusDays(1), rows);
            }
        });
    }

    /** Repairs the last {@code days} closed days (the route's periodic safety net). */
    public void repairRecent(int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), properties.zone());
        repair(today.minusDays(days), today);
    }

    /** Forgets every rollup: the next {@link #refresh()} backfills again (an operator's "rebuild"). */
    public void rebuild() {
        jdbc.update("UPDATE stats_rollup_state SET settings = NULL WHERE id = 1");
    }

    private void restart(String settings, LocalDate today) {
        jdbc.update("DELETE FROM stats_day");
        OffsetDateTime oldest = jdbc.queryForObject("SELECT MIN(first_seen) FROM incidents",
                OffsetDateTime.class);
        LocalDate from = oldest == null ? today : LocalDate.ofInstant(oldest.toInstant(), properties.zone());
        // whole months from the start, so every month row sums a whole month
        from = (from.isAfter(today) ? today : from).withDayOfMonth(1);
        // the first backfill starts at once: writes in flight now touch today's incidents, which it never builds
        jdbc.update("UPDATE stats_rollup_state SET settings = ?, covered_from = ?, covered_until = ?, mark_before = ?,"
                + " updated_at = ? WHERE id = 1", settings, from, from, start(today).atOffset(ZoneOffset.UTC),
                clock.instant().atOffset(ZoneOffset.UTC));
        log.info("stats rollups: (re)building every day from {} with settings {}", from, settings);
    }

    /** Rolls up the next month of days before {@code today}, if any; false when they are all covered. */
    private boolean extend(String settings, LocalDate today) {
        Boolean more = tx.execute(s -> {
            State state = lockState();
            if (!settings.equals(state.settings()) || !state.until().isBefore(today)) {
                return false;
            }
            LocalDate from = state.until();
            LocalDate nextMonth = from.withDayOfMonth(1).plusMonths(1);
            LocalDate until = nextMonth.isBefore(today) ? nextMonth : today;
            long t0 = System.nanoTime();
            int rows = build(from, until);
            jdbc.update("UPDATE stats_rollup_state SET covered_until = ?, updated_at = ? WHERE id = 1", until,
                    clock.instant().atOffset(ZoneOffset.UTC));
            rows += buildMonths(monthsOf(from, until));
            log.info("stats rollups: rolled up days {} to {} ({} rows, {} ms); covered until {}", from,
                    until.minusDays(1), rows, (System.nanoTime() - t0) / 1_000_000, until);
            return true;
        });
        return Boolean.TRUE.equals(more);
    }

    /**
     * Rewrites the rollup rows of the days {@code [from, until)} from incidents, with the stats' own aggregate
     * expressions; call under the state lock. Returns the rows written.
     */
    private int build(LocalDate from, LocalDate until) {
        jdbc.update("DELETE FROM stats_day WHERE period = 'D' AND stat_day >= ? AND stat_day < ?", from, until);
        Object[] period = {start(from).atOffset(ZoneOffset.UTC), start(until).atOffset(ZoneOffset.UTC)};
        String day = StatsSql.day(properties);
        int written = 0;
        for (Dim dim : Dim.values()) {
            if (!dim.monthsOnly) {
                written += insert("D", dim, aggregate(dim, day, period));
            }
        }
        return written;
    }

    /**
     * The rollup rows of {@code dim} over incidents first seen in {@code period} (two instants), keyed by customer, the
     * day {@code dayExpression} yields (a yyyymmdd number) and the dimension's key; the stats' own SQL.
     */
    private Map<List<Object>, Tally> aggregate(Dim dim, String dayExpression, Object[] period) {
        String key = dim.keyExpression == null ? "''" : dim.keyExpression;
        // a constant (a month's number) is not grouped by: PostgreSQL would read an integer there as a column position
        boolean constant = dayExpression.chars().allMatch(Character::isDigit);
        String groupBy = " GROUP BY customer_id" + (constant ? "" : ", " + dayExpression)
                + (dim.keyExpression == null ? "" : ", " + key);
        Map<List<Object>, Tally> rows = new LinkedHashMap<>();
        jdbc.query("SELECT customer_id AS c, " + dayExpression + " AS d, " + key + " AS k, "
                + StatsSql.tallyColumns(properties) + " FROM incidents WHERE first_seen >= ? AND first_seen < ?"
                + groupBy, rs -> {
                    rows.put(rowKey(rs), Tally.of(rs));
                }, period);
        jdbc.query("SELECT customer_id AS c, " + dayExpression + " AS d, " + key + " AS k, ROUND("
                + StatsSql.FIRST_RESPONSE + ") AS s, COUNT(*) AS n FROM incidents WHERE first_seen >= ?"
                + " AND first_seen < ? AND first_decided_at IS NOT NULL" + groupBy + ", ROUND(" + StatsSql.FIRST_RESPONSE
                + ")", rs -> {
                    rows.get(rowKey(rs)).firstResponse.add(Math.max(0, rs.getLong("s")), rs.getLong("n"));
                }, period);
        return rows;
    }

    /**
     * Rewrites the month rows of every whole rolled-up month among {@code months} (first days) from its day rows;
     * call under the state lock, after the day rows. Returns the rows written.
     */
    private int buildMonths(Set<LocalDate> months) {
        State state = state();
        int written = 0;
        for (LocalDate month : months) {
            jdbc.update("DELETE FROM stats_day WHERE period = 'M' AND stat_day = ?", month);
            if (!state.covers(month) || month.plusMonths(1).isAfter(state.until())) {
                continue;
            }
            for (Dim dim : Dim.values()) {
                Map<List<Object>, Tally> rows = new LinkedHashMap<>();
                if (dim.monthsOnly) {
                    // the month's number (yyyymm01) groups the month; the zone draws its bounds like a day's
                    long yyyymm01 = month.getYear() * 10000L + month.getMonthValue() * 100L + 1;
                    rows = aggregate(dim, String.valueOf(yyyymm01), new Object[] {start(month).atOffset(ZoneOffset.UTC),
                            start(month.plusMonths(1)).atOffset(ZoneOffset.UTC)});
                } else {
                    Map<List<Object>, Tally> merged = rows;
                    select(dim, "D", List.of(new Span(start(month), start(month.plusMonths(1)))), null,
                            (c, d, k, t) -> merged.computeIfAbsent(List.of(c, month, k), x -> new Tally()).merge(t));
                }
                written += insert("M", dim, rows);
            }
        }
        return written;
    }

    private int insert(String period, Dim dim, Map<List<Object>, Tally> rows) {
        List<Object[]> inserts = new ArrayList<>();
        rows.forEach((k, t) -> inserts.add(new Object[] {k.get(0), period, k.get(1), dim.column, k.get(2), t.incidents,
                t.alerts, t.resolvedByHub, t.handedOver, t.escalated, t.suppressed, t.automatedAlerts,
                t.firstResponseSum, t.firstResponseCount, t.mttaSum, t.mttaCount, t.mttrSum, t.mttrCount, t.savedSum,
                t.firstResponse.encode()}));
        jdbc.batchUpdate("INSERT INTO stats_day (customer_id, period, stat_day, dim, dim_key, " + COLUMNS + ", fr_hist)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        return inserts.size();
    }

    private static Set<LocalDate> monthsOf(LocalDate from, LocalDate until) {
        Set<LocalDate> months = new TreeSet<>();
        for (LocalDate d = from.withDayOfMonth(1); d.isBefore(until); d = d.plusMonths(1)) {
            months.add(d);
        }
        return months;
    }

    private static List<Object> rowKey(ResultSet rs) throws SQLException {
        long yyyymmdd = rs.getLong("d");
        String key = rs.getString("k");
        return List.of(rs.getString("c"), LocalDate.of((int) (yyyymmdd / 10000), (int) (yyyymmdd / 100 % 100),
                (int) (yyyymmdd % 100)), key == null ? "" : key);
    }

    /** The state row as it is now, unlocked. */
    private State state() {
        return jdbc.queryForObject("SELECT settings, covered_from, covered_until FROM stats_rollup_state WHERE id = 1",
                StatsRollups::state);
    }

    /** The state row, locked until the transaction ends: instances building rollups take turns. */
    private State lockState() {
        return jdbc.queryForObject("SELECT settings, covered_from, covered_until FROM stats_rollup_state WHERE id = 1"
                + " FOR UPDATE", StatsRollups::state);
    }

    private static State state(ResultSet rs, int n) throws SQLException {
        return new State(rs.getString("settings"), rs.getObject("covered_from", LocalDate.class),
                rs.getObject("covered_until", LocalDate.class));
    }

    /** The rollups' settings and the rolled-up days {@code [from, until)}. */
    private record State(String settings, LocalDate from, LocalDate until) {
        boolean covers(LocalDate day) {
            return from != null && !day.isBefore(from) && day.isBefore(until);
        }
    }

    private Instant start(LocalDate day) {
        return day.atStartOfDay(properties.zone()).toInstant();
    }

    private static void add(List<Span> spans, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return;
        }
        if (!spans.isEmpty() && spans.get(spans.size() - 1).to().equals(from)) {
            spans.set(spans.size() - 1, new Span(spans.get(spans.size() - 1).from(), to));
        } else {
            spans.add(new Span(from, to));
        }
    }
}
