import io.alerthub.analytics.AnalyticsDirectory;
import io.alerthub.analytics.AnalyticsProperties;
import io.alerthub.analytics.StatsGroup;
import io.alerthub.analytics.StatsQuery;
import io.alerthub.analytics.StatsRollups;
import io.alerthub.analytics.StatsService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stats at scale (bench/analytics/run.sh): generates a year of N incidents (the same seeded history on each
 * database), migrates with the hub's own Flyway scripts, builds the day rollups the way the hub's first
 * {@code analytics.rollup} round does (timed), and times {@link StatsService#stats} the way the API calls it (rollups
 * for the whole days, incidents for the rest): the whole year for every customer grouped by alert class, customer, department, host and month, and one
 * customer's year by day. Prints one JSON line: per database, the load time and per query the median and max of the
 * measured runs (after warm-up runs).
 */
public final class AnalyticsBench {
    private static final Instant END = Instant.parse("2026-07-01T00:00:00Z");
    private static final Instant START = Instant.parse("2025-07-01T00:00:00Z");
    private static final String[] CLASSES = {"disk_usage", "process_down", "cpu_high", "memory_high", "http_down",
            "host_unreachable", "cert_expiry", "unknown", "backup_failed", "db_replication", "log_error", "swap_high"};
    private static final String[] SEVERITIES = {"critical", "error", "warning", "warning", "info"};

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        int n = Integer.parseInt(opts.getOrDefault("n", "1000000"));
        int customers = Integer.parseInt(opts.getOrDefault("customers", "40"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
        String out = opts.getOrDefault("out", ".");
        List<String> dbs = List.of(opts.getOrDefault("db", "h2,postgresql").split(","));

        StringBuilder json = new StringBuilder("{\"incidents\":" + n + ",\"customers\":" + customers + ",\"runs\":"
                + runs + ",\"databases\":{");
        EmbeddedPostgres pg = null;
        try {
            for (int d = 0; d < dbs.size(); d++) {
                String db = dbs.get(d);
                DataSource ds;
                if (db.equals("h2")) {
                    JdbcDataSource h2 = new JdbcDataSource();
                    h2.setURL("jdbc:h2:file:" + out + "/h2/alerthub;MODE=PostgreSQL;WRITE_DELAY=0");
                    h2.setUser("sa");
                    ds = h2;
                } else if (db.equals("postgresql")) {
                    pg = EmbeddedPostgres.builder().setDataDirectory(out + "/pg").setCleanDataDirectory(true).start();
                    ds = pg.getDatabase("postgres", "postgres", Map.of("reWriteBatchedInserts", "true"));
                } else {
                    throw new IllegalArgumentException("--db: unknown database \"" + db + "\" (valid: h2, postgresql)");
                }
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
                long t0 = System.nanoTime();
                generate(ds, n, customers);
                long loadMs = (System.nanoTime() - t0) / 1_000_000;
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute(db.equals("h2") ? "ANALYZE" : "VACUUM ANALYZE incidents");
                }
                log(db + ": " + n + " incidents loaded in " + loadMs + " ms");
                explain(ds, db);
                StatsRollups rollups = new StatsRollups(new JdbcTemplate(ds),
                        new TransactionTemplate(new DataSourceTransactionManager(ds)), AnalyticsProperties.defaults(),
                        Clock.fixed(END, ZoneOffset.UTC));
                long r0 = System.nanoTime();
                rollups.refresh();
                long rollupMs = (System.nanoTime() - r0) / 1_000_000;
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute(db.equals("h2") ? "ANALYZE" : "VACUUM ANALYZE stats_day");
                }
                log(db + ": day rollups built in " + rollupMs + " ms");
                json.append(d == 0 ? "" : ",").append('"').append(db).append("\":{\"loadMs\":").append(loadMs)
                        .append(",\"rollupMs\":").append(rollupMs)
                        .append(",\"queries\":{").append(measure(ds, customers, runs, db, rollups)).append("}}");
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        System.out.println(json.append("}}"));
    }

    private static String measure(DataSource ds, int customers, int runs, String db, StatsRollups rollups) {
        StatsService stats = new StatsService(new JdbcTemplate(ds), new Directory(customers),
                AnalyticsProperties.defaults(), Clock.fixed(END, ZoneOffset.UTC), rollups);
        Map<String, StatsQuery> queries = new LinkedHashMap<>();
        for (StatsGroup g : List.of(StatsGroup.ALERT_CLASS, StatsGroup.CUSTOMER, StatsGroup.DEPARTMENT,
                StatsGroup.HOST, StatsGroup.MONTH)) {
            queries.put("year, every customer, groupBy=" + g.param(), new StatsQuery(null, null, START, END, g));
        }
        queries.put("year, one customer, groupBy=day", new StatsQuery("c-007", null, START, END, StatsGroup.DAY));
        List<String> results = new ArrayList<>();
        for (Map.Entry<String, StatsQuery> q : queries.entrySet()) {
            for (int i = 0; i < 2; i++) {
                stats.stats(q.getValue()); // warm-up: JIT, database caches
            }
            long[] ms = new long[runs];
            int rows = 0;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                rows = stats.stats(q.getValue()).items().size();
                ms[i] = (System.nanoTime() - t) / 1_000_000;
            }
            java.util.Arrays.sort(ms);
            log(String.format(Locale.ROOT, "%s: %s: median %d ms, max %d ms (%d rows)", db, q.getKey(), ms[runs / 2],
                    ms[runs - 1], rows));
            results.add(String.format(Locale.ROOT, "\"%s\":{\"medianMs\":%d,\"maxMs\":%d,\"rows\":%d}", q.getKey(),
                    ms[runs / 2], ms[runs - 1], rows));
        }
        return String.join(",", results);
    }

    /** The plan of a query shaped like the stats' aggregate, to see that it reads the covering index. */
    private static void explain(DataSource ds, String db) throws Exception {
        String sql = "EXPLAIN SELECT COALESCE(alert_class, 'unknown'), COUNT(*), SUM(alert_count),"
                + " SUM(EXTRACT(EPOCH FROM first_decided_at) - EXTRACT(EPOCH FROM first_seen)) FROM incidents"
                + " WHERE first_seen >= TIMESTAMP WITH TIME ZONE '2025-07-01 00:00:00+00'"
                + " AND first_seen < TIMESTAMP WITH TIME ZONE '2026-07-01 00:00:00+00' GROUP BY COALESCE(alert_class, 'unknown')";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            log(db + ": plan of the stats aggregate:\n" + plan);
        }
    }

    /**
     * A year of incidents, skewed like real alert streams: a few classes and hosts make most of the noise; 60 %
     * resolved by the hub, 22 % handed over, 14 % escalated, 2 % suppressed, 2 % still open.
     */
    private static void generate(DataSource ds, int n, int customers) throws Exception {
        Random random = new Random(16);
        long span = END.getEpochSecond() - START.getEpochSecond();
        String sql = "INSERT INTO incidents (id, customer_id, fingerprint, state, outcome, source_status, name,"
                + " alert_class, severity, host, summary, alert_count, first_seen, last_seen, resolved_at, scenario,"
                + " outcome_reason, automation_started_at, decided_at, acknowledged_at, acknowledged_by, first_outcome,"
                + " first_decided_at, first_notified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                int customer = skewed(random, customers);
                String cls = CLASSES[skewed(random, CLASSES.length)];
                String host = "h-" + customer + "-" + skewed(random, 60);
                Instant seen = Instant.ofEpochSecond(START.getEpochSecond() + (long) (random.nextDouble() * span));
                double roll = random.nextDouble();
                String outcome = roll < 0.60 ? "RESOLVED" : roll < 0.82 ? "HANDED_OVER" : roll < 0.96 ? "ESCALATED"
                        : null;
                String state = outcome != null ? outcome : roll < 0.98 ? "SUPPRESSED" : "OPEN";
                boolean scenario = "RESOLVED".equals(outcome) || "HANDED_OVER".equals(outcome);
                long started = 1 + random.nextInt(3);
                long decided = outcome == null ? -1 : scenario ? started + 5 + (long) Math.abs(random.nextGaussian() * 60)
                        : 1 + random.nextInt(5);
                boolean person = "HANDED_OVER".equals(outcome) || "ESCALATED".equals(outcome);
                long notified = person ? decided + 1 + random.nextInt(3) : -1;
                long acked = person && random.nextDouble() < 0.9 ? notified + 30 + random.nextInt(900) : -1;
                long resolved = outcome == null ? -1 : scenario && "RESOLVED".equals(outcome) ? decided + random.nextInt(120)
                        : random.nextDouble() < 0.8 ? decided + 300 + random.nextInt(7200) : -1;
                int p = 1;
                ps.setString(p++, String.format("b%011d", i));
                ps.setString(p++, String.format("c-%03d", customer));
                ps.setString(p++, cls + "|" + host);
                ps.setString(p++, state);
                ps.setString(p++, outcome);
                ps.setString(p++, resolved >= 0 ? "resolved" : "firing");
                ps.setString(p++, cls + " on " + host);
                ps.setString(p++, cls);
                ps.setString(p++, SEVERITIES[random.nextInt(SEVERITIES.length)]);
                ps.setString(p++, host);
                ps.setString(p++, "summary of " + cls + " on " + host + ": the monitoring tool's text, some 100 characters long");
                ps.setInt(p++, 1 + skewed(random, 6));
                ps.setObject(p++, at(seen, 0));
                ps.setObject(p++, at(seen, Math.max(0, decided)));
                ps.setObject(p++, at(seen, resolved));
                ps.setString(p++, scenario ? "c-" + customer + "." + cls : null);
                ps.setString(p++, outcome == null ? null : "checked: disk, processes, logs; found: the usual; left for you:"
                        + " nothing much — a reason of about two hundred characters as the scenarios write them");
                ps.setObject(p++, at(seen, scenario ? started : -1));
                ps.setObject(p++, at(seen, decided));
                ps.setObject(p++, at(seen, acked));
                ps.setString(p++, acked >= 0 ? "operator" : null);
                ps.setString(p++, outcome);
                ps.setObject(p++, at(seen, decided));
                ps.setObject(p, at(seen, notified));
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /** 0..bound-1, lower values far more often (a Zipf-like skew). */
    private static int skewed(Random random, int bound) {
        return Math.min(bound - 1, (int) (bound * Math.pow(random.nextDouble(), 2)));
    }

    private static java.time.OffsetDateTime at(Instant base, long seconds) {
        return seconds < 0 ? null : base.plusSeconds(seconds).atOffset(ZoneOffset.UTC);
    }

    private static void log(String line) {
        System.err.println(line);
    }

    /** Customers c-000 … in ten departments, every caller sees every customer, no scenario bindings. */
    private record Directory(int count) implements AnalyticsDirectory {
        @Override
        public Optional<Set<String>> scope() {
            return Optional.empty();
        }

        @Override
        public Collection<String> customers() {
            return IntStream.range(0, count).mapToObj(i -> String.format("c-%03d", i)).toList();
        }

        @Override
        public String department(String customerId) {
            return "dept-" + (Integer.parseInt(customerId.substring(2)) % 10);
        }

        @Override
        public Set<String> customersIn(String department) {
            return customers().stream().filter(c -> department(c).equals(department)).collect(Collectors.toSet());
        }

        @Override
        public List<String> boundClasses(String customerId) {
            return List.of();
        }
    }
}
