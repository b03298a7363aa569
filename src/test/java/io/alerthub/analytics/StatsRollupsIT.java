package io.alerthub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.Outcome;
import io.alerthub.store.Databases;
import io.alerthub.store.IncidentStore;
import io.alerthub.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day rollups answer exactly what the raw query answers: the same stats requests (every grouping, whole and
 * partial days at the edges, one customer, a department, a period the rollups do not cover, another zone) asked of a
 * service that reads incidents only and of one that reads the rollups, on a generated history, on H2 and PostgreSQL;
 * also after incidents changed (before and after the job has recomputed their days), after a write that bypassed the
 * change marks (wrong until the repair, which proves the rollups are read), and with two instances refreshing at once.
 */
class StatsRollupsIT {
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-15T00:00:00Z");
    /** Mid-afternoon of 20 June: every day up to 19 June is closed, the 20th is not. */
    private static final Instant NOW = Instant.parse("2026-06-20T15:00:00Z");
    private static final String[] CLASSES = {"disk_usage", "process_down", "cpu_high", null, "http_down"};
    private static final String[] SEVERITIES = {"critical", "error", "warning", "warning", "info", null};
    private static final String[] CUSTOMERS = {"acme", "bravo", "charlie", "delta", "echo"};
    private static final AnalyticsProperties UTC = new AnalyticsProperties(null, null, Duration.ofMinutes(15),
            Map.of("disk_usage", Duration.ofMinutes(20)), null);
    private static final AnalyticsProperties TOKYO = new AnalyticsProperties(ZoneId.of("Asia/Tokyo"), null,
            Duration.ofMinutes(10), Map.of("cpu_high", Duration.ofMinutes(30)), null);

    private final SettableClock clock = new SettableClock(NOW);
    private JdbcTemplate jdbc;
    private TransactionTemplate tx;

    @ParameterizedTest
    @EnumSource(Databases.class)
    void everyQueryAnswersAsTheRawQueryDoes(Databases db) {
        seed(db, 3000);
        StatsRollups rollups = rollups(UTC);
        rollups.refresh();

        assertThat(jdbc.queryForObject("SELECT covered_until FROM stats_rollup_state", LocalDate.class))
                .isEqualTo(LocalDate.parse("2026-06-20"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stats_day", Long.class)).isPositive();
        assertSameAnswers(UTC, rollups);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void anotherZoneAndManualHandlingTimesRebuildTheRollupsAndStillAgree(Databases db) {
        seed(db, 1500);
        rollups(UTC).refresh();
        StatsRollups tokyo = rollups(TOKYO);
        // built under other settings: not used until the next refresh rebuilds them
        assertThat(tokyo.plan(START, END)).isEmpty();
        tokyo.refresh();

        assertThat(tokyo.plan(START, END)).isPresent();
        assertThat(jdbc.queryForObject("SELECT settings FROM stats_rollup_state", String.class))
                .isEqualTo("zone=Asia/Tokyo;manual=600;cpu_high=1800");
        assertSameAnswers(TOKYO, tokyo);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void changedIncidentsAreReadRawUntilTheirDaysAreRecomputed(Databases db) {
        List<String> ids = seed(db, 1500);
        StatsRollups rollups = rollups(UTC);
        rollups.refresh();
        IncidentStore store = new IncidentStore(jdbc);
        // on rolled-up days: open incidents get their first verdict, others are acknowledged or suppressed
        List<String> open = jdbc.queryForList("SELECT id FROM incidents WHERE state = 'OPEN' ORDER BY id",
                String.class);
        open.stream().limit(5).forEach(id -> store.decide(id, Outcome.RESOLVED, "late verdict", NOW));
        open.stream().skip(5).limit(3).forEach(id -> store.suppress(id, "silenced later", NOW));
        ids.stream().limit(20).forEach(id -> store.acknowledge(id, "operator", NOW));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stats_rollup_dirty", Long.class)).isPositive();

        assertSameAnswers(UTC, rollups);
        assertThat(rollups.plan(START, END).orElseThrow().skip()).isNotEmpty();

        rollups.refresh();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stats_rollup_dirty", Long.class)).isZero();
        assertThat(rollups.plan(START, END).orElseThrow().skip()).isEmpty();
        assertSameAnswers(UTC, rollups);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aWriteThatBypassesTheMarksIsHealedByTheRepair(Databases db) {
        seed(db, 1500);
        StatsRollups rollups = rollups(UTC);
        rollups.refresh();
        jdbc.update("UPDATE incidents SET alert_count = alert_count + 100 WHERE first_seen >= ? AND first_seen < ?",
                at(Instant.parse("2026-06-10T00:00:00Z")), at(Instant.parse("2026-06-11T00:00:00Z")));
        StatsQuery june = new StatsQuery(null, null, Instant.parse("2026-06-01T00:00:00Z"), END, StatsGroup.CUSTOMER);

        // the rollups are what answers: they do not know of the unmarked write yet
        assertThat(service(UTC, rollups).stats(june).totals().alerts())
                .isLessThan(service(UTC, null).stats(june).totals().alerts());

        rollups.repairRecent(11);
        assertThat(service(UTC, rollups).stats(june)).isEqualTo(service(UTC, null).stats(june));
    }

    /** Several hub instances share one database only in production, on PostgreSQL. */
    @ParameterizedTest
    @EnumSource(value = Databases.class, names = "POSTGRESQL")
    void twoInstancesRefreshingAtOnceAgreeAndRepeatingWorkChangesNothing(Databases db) throws Exception {
        seed(db, 1500);
        StatsRollups one = rollups(UTC);
        StatsRollups two = rollups(UTC);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<?> f : pool.invokeAll(List.of(Executors.callable(one::refresh),
                    Executors.callable(two::refresh)))) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        String all = "SELECT * FROM stats_day ORDER BY dim, period, stat_day, customer_id, dim_key";
        List<Map<String, Object>> first = jdbc.queryForList(all);

        one.repair(LocalDate.parse("2026-04-01"), LocalDate.parse("2026-06-20"));
        one.refresh();
        assertThat(jdbc.queryForList(all)).isEqualTo(first);
        assertSameAnswers(UTC, one);
    }

    // ---- the comparison ---------------------------------------------------------------------------------------------

    private void assertSameAnswers(AnalyticsProperties properties, StatsRollups rollups) {
        StatsService raw = service(properties, null);
        StatsService rolled = service(properties, rollups);
        List<StatsQuery> queries = new ArrayList<>();
        Instant oddFrom = START.plus(Duration.ofHours(37).plusMinutes(17).plusMillis(250));
        Instant oddTo = END.minus(Duration.ofHours(5).plusSeconds(3));
        for (StatsGroup group : StatsGroup.values()) {
            queries.add(new StatsQuery(null, null, START, END, group));
            queries.add(new StatsQuery(null, null, oddFrom, oddTo, group));
            queries.add(new StatsQuery("bravo", null, oddFrom, END, group));
            queries.add(new StatsQuery(null, "Ops 1", START, oddTo, group));
            // from a rolled-up day into today, which is never rolled up
            queries.add(new StatsQuery(null, null, Instant.parse("2026-06-12T06:00:00Z"), NOW, group));
        }
        for (StatsQuery q : queries) {
            assertThat(rolled.stats(q)).as("%s", q).isEqualTo(raw.stats(q));
        }
        assertThat(rolled.report(null, null, START, END, false)).isEqualTo(raw.report(null, null, START, END, false));
        assertThat(rolled.report("acme", null, oddFrom, oddTo, true)).isEqualTo(raw.report("acme", null, oddFrom, oddTo, true));
    }

    private StatsService service(AnalyticsProperties properties, StatsRollups rollups) {
        return new StatsService(jdbc, new Directory(), properties, clock, rollups);
    }

    private StatsRollups rollups(AnalyticsProperties properties) {
        return new StatsRollups(jdbc, tx, properties, clock);
    }

    // ---- the history ------------------------------------------------------------------------------------------------

    /**
     * {@code n} incidents between START and a few days before NOW, with every kind of first verdict, none, missing
     * class/severity/host, millisecond times, notifications, acknowledgements (some before the notification) and
     * recoveries; the same every run.
     */
    private List<String> seed(Databases db, int n) {
        DataSource ds = db.migrated();
        jdbc = new JdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        Random random = new Random(18);
        long spanMs = Duration.between(START, NOW.minus(Duration.ofDays(2))).toMillis();
        String[] outcomes = {"RESOLVED", "RESOLVED", "HANDED_OVER", "ESCALATED", null};
        List<Object[]> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("r%05d", i);
            ids.add(id);
            String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            String cls = CLASSES[random.nextInt(CLASSES.length)];
            Instant seen = START.plusMillis((long) (random.nextDouble() * spanMs));
            String outcome = outcomes[random.nextInt(outcomes.length)];
            String state = outcome != null ? outcome : random.nextBoolean() ? "SUPPRESSED" : "OPEN";
            boolean scenario = "RESOLVED".equals(outcome) || "HANDED_OVER".equals(outcome);
            long started = scenario && random.nextInt(4) > 0 ? random.nextInt(3000) : -1;
            long decided = outcome == null ? -1 : Math.max(started, 0) + random.nextInt(400_000);
            long notified = random.nextInt(3) == 0 ? random.nextInt(100_000) : -1;
            long acked = random.nextInt(3) == 0 ? random.nextInt(900_000) : -1;
            long resolved = random.nextInt(2) == 0 ? random.nextInt(2_000_000) : -1;
            rows.add(new Object[] {id, customer, customer + "-" + cls + "-" + random.nextInt(8), state, outcome, id,
                    cls, SEVERITIES[random.nextInt(SEVERITIES.length)],
                    random.nextInt(10) == 0 ? null : "h" + random.nextInt(12), 1 + random.nextInt(9), at(seen),
                    at(seen), at(seen, resolved), scenario ? customer + ".svc" : null, at(seen, started),
                    at(seen, decided), outcome, at(seen, decided), at(seen, notified), at(seen, acked)});
        }
        jdbc.batchUpdate("INSERT INTO incidents (id, customer_id, fingerprint, state, outcome, source_status, name,"
                + " alert_class, severity, host, summary, alert_count, first_seen, last_seen, resolved_at, scenario,"
                + " automation_started_at, decided_at, first_outcome, first_decided_at, first_notified_at,"
                + " acknowledged_at) VALUES (?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, 's', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        return ids;
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static java.time.OffsetDateTime at(Instant base, long millis) {
        return millis < 0 ? null : base.plusMillis(millis).atOffset(ZoneOffset.UTC);
    }

    /** Five customers in two departments, every caller sees every customer. */
    private static final class Directory implements AnalyticsDirectory {
        @Override
        public Optional<Set<String>> scope() {
            return Optional.empty();
        }

        @Override
        public Collection<String> customers() {
            return List.of(CUSTOMERS);
        }

        @Override
        public String department(String customerId) {
            return customerId.compareTo("c") < 0 ? "Ops 1" : "Ops 2";
        }

        @Override
        public Set<String> customersIn(String department) {
            return department.equals("Ops 1") ? Set.of("acme", "bravo") : Set.of("charlie", "delta", "echo");
        }

        @Override
        public List<String> boundClasses(String customerId) {
            return List.of();
        }
    }
}
