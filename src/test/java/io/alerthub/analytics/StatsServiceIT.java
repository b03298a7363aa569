package io.alerthub.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.store.Databases;
import io.alerthub.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stats definitions (design.md §5) on both supported databases, over a small seeded history whose every expected
 * figure is worked out by hand in the comments: counts, automation rate (alert-weighted), first-response mean and
 * nearest-rank percentiles, MTTA, MTTR, time saved; grouping by class, customer, department, day (in a zone), week
 * and month; the scope; noisy and slow alerts; coverage and the automate-next ranking.
 */
class StatsServiceIT {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-07-01T00:00:00Z");
    /** 09:00 in Tokyo, 10 June. */
    private static final Instant T0 = Instant.parse("2026-06-10T00:00:00Z");
    /** 01:00 in Tokyo, 11 June (still 10 June in UTC). */
    private static final Instant T1 = Instant.parse("2026-06-10T16:00:00Z");
    private static final AnalyticsProperties UTC = new AnalyticsProperties(null, null, Duration.ofMinutes(15),
            Map.of("disk_usage", Duration.ofMinutes(20)), null);

    private final Directory directory = new Directory();
    private JdbcTemplate jdbc;

    /**
     * The history (seconds after first seen; "—" none). Every incident but Z1 is in June; Z1 is one second before it.
     * <pre>
     * id  customer class        host state/first outcome alerts fp              start decided notified ack  resolved_at severity
     * A1  acme     disk_usage   web1 RESOLVED             2     acme-disk-web1   5    20      —        —    100         warning
     * A2  acme     disk_usage   web2 RESOLVED             1     acme-disk-web2   10   40      —        —    —           warning
     * A3  acme     disk_usage   web1 HANDED_OVER          3     acme-disk-web1   10   100     110      170  1000        critical
     * A4  acme     unknown      web1 ESCALATED            1     acme-unknown     —    2       5        125  —           warning
     * A5  acme     cpu_high     app1 SUPPRESSED (none)    4     acme-cpu-app1    —    —       —        —    —           error
     * A6  acme     cpu_high     app1 OPEN (none)          1     acme-cpu-app1    —    —       —        —    —           error
     * B1  bravo    disk_usage   db1  ESCALATED            2     bravo-disk-db1   —    10      12       42   600         critical
     * B2  bravo    process_down db1  RESOLVED             1     bravo-proc-db1   30   60      —        —    50          warning
     * Z2  zulu     process_down z1   HANDED_OVER (at T1)  1     zulu-proc-z1     0    30      —        —    —           warning
     * Z1  zulu     disk_usage   z1   RESOLVED (May 31)    7     zulu-disk-z1     0    1       —        —    —           warning
     * </pre>
     * Scenarios: A1-A3 "acme.disk", B2 "bravo.service", Z2 "zulu.service". Departments: acme and zulu "Ops 1",
     * bravo "Ops 2". Manual handling: disk_usage 20 min (1200 s), anything else 15 min (900 s).
     */
    private StatsService seeded(Databases db, AnalyticsProperties properties) {
        jdbc = new JdbcTemplate(db.migrated());
        insert("A1", "acme", "disk_usage", "web1", "RESOLVED", "RESOLVED", 2, "acme-disk-web1", T0, 5, 20, null, null, 100, "warning", "acme.disk");
        insert("A2", "acme", "disk_usage", "web2", "RESOLVED", "RESOLVED", 1, "acme-disk-web2", T0, 10, 40, null, null, null, "warning", "acme.disk");
        insert("A3", "acme", "disk_usage", "web1", "HANDED_OVER", "HANDED_OVER", 3, "acme-disk-web1", T0, 10, 100, 110, 170, 1000, "critical", "acme.disk");
        insert("A4", "acme", "unknown", "web1", "ACKNOWLEDGED", "ESCALATED", 1, "acme-unknown", T0, null, 2, 5, 125, null, "warning", null);
        insert("A5", "acme", "cpu_high", "app1", "SUPPRESSED", null, 4, "acme-cpu-app1", T0, null, null, null, null, null, "error", null);
        insert("A6", "acme", "cpu_high", "app1", "OPEN", null, 1, "acme-cpu-app1", T0, null, null, null, null, null, "error", null);
        insert("B1", "bravo", "disk_usage", "db1", "ESCALATED", "ESCALATED", 2, "bravo-disk-db1", T0, null, 10, 12, 42, 600, "critical", null);
        insert("B2", "bravo", "process_down", "db1", "RESOLVED", "RESOLVED", 1, "bravo-proc-db1", T0, 30, 60, null, null, 50, "warning", "bravo.service");
        insert("Z2", "zulu", "process_down", "z1", "HANDED_OVER", "HANDED_OVER", 1, "zulu-proc-z1", T1, 0, 30, null, null, null, "warning", "zulu.service");
        insert("Z1", "zulu", "disk_usage", "z1", "RESOLVED", "RESOLVED", 7, "zulu-disk-z1", FROM.minusSeconds(1), 0, 1, null, null, null, "warning", "zulu.disk");
        return new StatsService(jdbc, directory, properties, new SettableClock(NOW));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void byAlertClassEveryFigureAsWorkedOutByHand(Databases db) {
        Stats stats = seeded(db, UTC).stats(new StatsQuery(null, null, FROM, TO, StatsGroup.ALERT_CLASS));
        Map<String, StatsRow> rows = byKey(stats.items());

        assertThat(rows.keySet()).containsExactly("cpu_high", "disk_usage", "process_down", "unknown");
        // disk_usage: A1 A2 A3 B1. Alerts 2+1+3+2 = 8, the hub completed A1 A2 A3 (6 alerts): 6/8.
        // First response 20 40 100 10: mean 42.5; sorted 10 20 40 100, p50 = rank ceil(2) = 20, p90 = rank 4 = 100.
        // MTTA (A3 110→170, B1 12→42): (60+30)/2 = 45. MTTR: A1 20 (the hub's fix before the source's 100), A2 40
        // (the hub's fix), A3 1000, B1 600: 1660/4 = 415. Saved: (1200-15) + (1200-30) + (1200-90) = 3465.
        assertThat(rows.get("disk_usage")).isEqualTo(new StatsRow("disk_usage", 8, 4, 2, 1, 1, 0, 0.75,
                new Seconds(42.5, 20L, 100L), 45.0, 415.0, 3465.0));
        // unknown: A4 escalated after 2 s, acknowledged 120 s after its first notification; nothing automated.
        assertThat(rows.get("unknown")).isEqualTo(new StatsRow("unknown", 1, 1, 0, 0, 1, 0, 0.0,
                new Seconds(2.0, 2L, 2L), 120.0, null, 0.0));
        // cpu_high: A5 suppressed, A6 still open: no verdict, no first response.
        assertThat(rows.get("cpu_high")).isEqualTo(new StatsRow("cpu_high", 5, 2, 0, 0, 0, 1, 0.0,
                Seconds.NONE, null, null, 0.0));
        // process_down: B2 (60 s) and Z2 (30 s), both the hub's: mean 45, p50 = rank 1 = 30, p90 = rank 2 = 60;
        // MTTR: B2's source recovered at 50, before the hub's verdict at 60. Saved (900-30) + (900-30).
        assertThat(rows.get("process_down")).isEqualTo(new StatsRow("process_down", 2, 2, 1, 1, 0, 0, 1.0,
                new Seconds(45.0, 30L, 60L), null, 50.0, 1740.0));
        // totals: 9 incidents (Z1 is before the period), 16 alerts, 8 automated: 0.5. First responses sorted
        // 2 10 20 30 40 60 100: mean 262/7 = 37.43 → 37.4, p50 = rank ceil(3.5) = 4 → 30, p90 = rank ceil(6.3) = 7
        // → 100. MTTA (60+120+30)/3 = 70; MTTR (20+40+1000+600+50)/5 = 342.
        assertThat(stats.totals()).isEqualTo(new StatsRow("total", 16, 9, 3, 2, 2, 1, 0.5,
                new Seconds(37.4, 30L, 100L), 70.0, 342.0, 5205.0));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void byCustomerAndDepartmentAndTheirFilters(Databases db) {
        StatsService service = seeded(db, UTC);

        Map<String, StatsRow> customers = byKey(service.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.CUSTOMER)).items());
        // acme: 12 alerts, 6 automated; bravo: 3 alerts, 1 automated (1/3 → 0.3333); zulu: Z2 only, automated
        assertThat(customers).containsOnlyKeys("acme", "bravo", "zulu");
        assertThat(customers.get("acme").alerts()).isEqualTo(12);
        assertThat(customers.get("acme").automationRate()).isEqualTo(0.5);
        assertThat(customers.get("bravo").automationRate()).isEqualTo(0.3333);
        assertThat(customers.get("zulu").incidents()).isEqualTo(1);

        Map<String, StatsRow> departments = byKey(service.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.DEPARTMENT)).items());
        // Ops 1 = acme + zulu: 7 incidents, 13 alerts, 7 automated: 7/13 = 0.5385; first responses 20 40 100 2 30
        assertThat(departments).containsOnlyKeys("Ops 1", "Ops 2");
        assertThat(departments.get("Ops 1")).extracting(StatsRow::incidents, StatsRow::alerts, StatsRow::automationRate)
                .containsExactly(7L, 13L, 0.5385);
        assertThat(departments.get("Ops 1").firstResponseSeconds()).isEqualTo(new Seconds(38.4, 30L, 100L));
        assertThat(departments.get("Ops 2").incidents()).isEqualTo(2);

        Stats ops2 = service.stats(new StatsQuery(null, "Ops 2", FROM, TO, StatsGroup.CUSTOMER));
        assertThat(ops2.items()).extracting(StatsRow::key).containsExactly("bravo");
        Stats acmeOnly = service.stats(new StatsQuery("acme", null, FROM, TO, StatsGroup.ALERT_CLASS));
        assertThat(acmeOnly.totals().incidents()).isEqualTo(6);
        Stats acmeInOps2 = service.stats(new StatsQuery("acme", "Ops 2", FROM, TO, StatsGroup.ALERT_CLASS));
        assertThat(acmeInOps2.items()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aCustomerOutsideTheCallersScopeIsAnsweredLikeOneWithoutIncidents(Databases db) {
        StatsService service = seeded(db, UTC);
        directory.scope = Optional.of(Set.of("bravo"));

        Stats own = service.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.CUSTOMER));
        assertThat(own.items()).extracting(StatsRow::key).containsExactly("bravo");
        assertThat(own.totals().incidents()).isEqualTo(2);

        Stats foreign = service.stats(new StatsQuery("acme", null, FROM, TO, StatsGroup.CUSTOMER));
        Stats unknown = service.stats(new StatsQuery("nobody", null, FROM, TO, StatsGroup.CUSTOMER));
        assertThat(foreign.items()).isEmpty();
        assertThat(foreign.totals()).isEqualTo(new StatsRow("total", 0, 0, 0, 0, 0, 0, 0.0, Seconds.NONE, null, null, 0.0));
        assertThat(unknown.totals()).isEqualTo(foreign.totals());
        assertThat(service.noisy("acme", null, FROM, TO, null, null).fingerprints()).isEmpty();
        assertThat(service.coverage(null, null, FROM, TO, null).coverage()).extracting(Coverage::customer)
                .containsExactly("bravo");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void daysFollowTheConfiguredZoneAndFoldIntoWeeksAndMonths(Databases db) {
        StatsService utc = seeded(db, UTC);
        assertThat(utc.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.DAY)).items())
                .extracting(StatsRow::key, StatsRow::incidents).containsExactly(org.assertj.core.groups.Tuple.tuple("2026-06-10", 9L));

        StatsService tokyo = new StatsService(jdbc, directory, new AnalyticsProperties(ZoneId.of("Asia/Tokyo"), null,
                null, null, null), new SettableClock(NOW));
        // Z2 came at 01:00 on 11 June in Tokyo
        assertThat(tokyo.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.DAY)).items())
                .extracting(StatsRow::key, StatsRow::incidents)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-06-10", 8L),
                        org.assertj.core.groups.Tuple.tuple("2026-06-11", 1L));
        assertThat(tokyo.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.WEEK)).items())
                .extracting(StatsRow::key, StatsRow::incidents).containsExactly(org.assertj.core.groups.Tuple.tuple("2026-W24", 9L));
        Stats month = utc.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.MONTH));
        assertThat(month.items()).hasSize(1);
        assertThat(month.items().get(0)).isEqualTo(new StatsRow("2026-06", 16, 9, 3, 2, 2, 1, 0.5,
                new Seconds(37.4, 30L, 100L), 70.0, 342.0, 5205.0));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theMspTableByMonthAndYear(Databases db) {
        StatsService service = seeded(db, UTC);
        // Z1 (May) is inside the default twelve months: 10 incidents, 23 alerts; May: 7 alerts all automated
        assertThat(service.report(null, null, null, TO, false)).containsExactly(
                new ReportRow("2026-05", 7, 1, 1.0, 1.0, 0.0),
                new ReportRow("2026-06", 16, 9, 37.4, 0.5, 0.2222));
        // the year: first responses 262 + 1 over 8 = 32.875 → 32.9; automated 8 + 7 of 23 = 0.6522; 2 of 10 escalated
        assertThat(service.report(null, null, null, TO, true)).containsExactly(
                new ReportRow("2026", 23, 10, 32.9, 0.6522, 0.2));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void noisyFingerprintsAndClassesSlowScenariosAndHighSeverity(Databases db) {
        StatsService service = seeded(db, UTC);

        NoiseReport byAlerts = service.noisy(null, null, FROM, TO, NoiseOrder.ALERTS, 3);
        // acme-cpu-app1 (A5 A6) and acme-disk-web1 (A1 A3) have 5 alerts and 2 episodes each (1 flap)
        assertThat(byAlerts.fingerprints()).containsExactly(
                new NoisyAlert("acme", "acme-cpu-app1", "A6", "cpu_high", 5, 2, 1, 0, 0),
                new NoisyAlert("acme", "acme-disk-web1", "A3", "disk_usage", 5, 2, 1, 1, 0),
                new NoisyAlert("bravo", "bravo-disk-db1", "B1", "disk_usage", 2, 1, 0, 0, 1));
        // disk_usage: 8 alerts, 4 incidents of 3 fingerprints (1 flap), A3 handed over, B1 escalated
        assertThat(byAlerts.classes().get(0)).isEqualTo(new NoisyAlert(null, "disk_usage", null, "disk_usage", 8, 4, 1, 1, 1));

        NoiseReport byHandOvers = service.noisy(null, null, FROM, TO, NoiseOrder.HAND_OVERS, 2);
        assertThat(byHandOvers.classes()).extracting(NoisyAlert::key).containsExactly("disk_usage", "process_down");
        NoiseReport byFlaps = service.noisy(null, null, FROM, TO, NoiseOrder.FLAPS, 2);
        assertThat(byFlaps.classes()).extracting(NoisyAlert::key, NoisyAlert::flaps)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu_high", 1L),
                        org.assertj.core.groups.Tuple.tuple("disk_usage", 1L));

        // acme.disk ran 15, 30 and 90 s: mean 45, p50 = rank 2 = 30, p90 = rank 3 = 90
        assertThat(byAlerts.slowScenarios()).containsExactly(
                new SlowScenario("acme.disk", 3, new Seconds(45.0, 30L, 90L)),
                new SlowScenario("bravo.service", 1, new Seconds(30.0, 30L, 30L)),
                new SlowScenario("zulu.service", 1, new Seconds(30.0, 30L, 30L)));
        // critical or error: A3 3, A5 4, A6 1 (acme 8 of 12), B1 2 (bravo 2 of 3): 10 of 16
        assertThat(byAlerts.highSeverity()).isEqualTo(new SeverityShare(null, 16, 10, 0.625));
        assertThat(byAlerts.highSeverityByCustomer()).containsExactly(new SeverityShare("acme", 12, 8, 0.6667),
                new SeverityShare("bravo", 3, 2, 0.6667), new SeverityShare("zulu", 1, 0, 0.0));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void coverageAndTheAutomateNextRanking(Databases db) {
        CoverageReport report = seeded(db, UTC).coverage(null, null, FROM, TO, null);

        // acme saw cpu_high, disk_usage, unknown; only disk_usage is bound: 1 of 3 classes, 6 of 12 alerts
        assertThat(report.coverage()).containsExactly(
                new Coverage("acme", List.of("cpu_high", "disk_usage", "unknown"), List.of("disk_usage"),
                        List.of("cpu_high", "unknown"), 0.3333, 0.5),
                new Coverage("bravo", List.of("disk_usage", "process_down"), List.of("process_down"),
                        List.of("disk_usage"), 0.5, 0.3333),
                new Coverage("zulu", List.of("process_down"), List.of(), List.of("process_down"), 0.0, 0.0));
        // reached people × manual time: A3 and B1 are disk_usage (1200 s), A4 and Z2 900 s
        assertThat(report.automateNext()).containsExactly(
                new AutomateNext("acme", "disk_usage", 1, 1200, 1200, true),
                new AutomateNext("bravo", "disk_usage", 1, 1200, 1200, false),
                new AutomateNext("acme", "unknown", 1, 900, 900, false),
                new AutomateNext("zulu", "process_down", 1, 900, 900, false));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aReRunKeepsTheFirstVerdictAsTheFirstResponse(Databases db) {
        StatsService service = seeded(db, UTC);
        io.alerthub.store.IncidentStore store = new io.alerthub.store.IncidentStore(jdbc);
        // A4 was escalated after 2 s; a later re-run resolves it an hour on: still an escalation after 2 s
        store.decide("A4", io.alerthub.model.Outcome.RESOLVED, "re-run", T0.plusSeconds(3600));

        StatsRow unknown = byKey(service.stats(new StatsQuery(null, null, FROM, TO, StatsGroup.ALERT_CLASS)).items())
                .get("unknown");
        assertThat(unknown.escalated()).isEqualTo(1);
        assertThat(unknown.resolvedByHub()).isZero();
        assertThat(unknown.firstResponseSeconds()).isEqualTo(new Seconds(2.0, 2L, 2L));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theFirstSentNotificationStartsTheTimeToAcknowledge(Databases db) {
        StatsService service = seeded(db, UTC);
        io.alerthub.store.IncidentStore incidents = new io.alerthub.store.IncidentStore(jdbc);
        io.alerthub.store.OutboxStore outbox = new io.alerthub.store.OutboxStore(jdbc);
        // A6 (acme, still open, never notified): notifications go out at +70 and +400, a person acks at +130
        for (int at : new int[] {70, 400}) {
            String id = "A6|slack|TRIGGER|" + at;
            outbox.enqueue(io.alerthub.store.OutboxEntry.pending(id, "acme", "A6",
                    io.alerthub.model.ChannelKind.SLACK, io.alerthub.model.NotificationAction.TRIGGER, 0, "internal",
                    T0, null, null, T0));
            outbox.sent(id, "ts-" + at, 1, T0.plusSeconds(at));
        }
        assertThat(incidents.acknowledge("A6", "operator", T0.plusSeconds(130))).isTrue();

        // acme's MTTA: A3 60 s, A4 120 s, A6 130 - 70 = 60 s (the first notification, not the second)
        StatsRow acme = service.stats(new StatsQuery("acme", null, FROM, TO, StatsGroup.CUSTOMER)).totals();
        assertThat(acme.mttaSeconds()).isEqualTo(80.0);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aPeriodThatEndsBeforeItStartsIsRefusedNamingTheField(Databases db) {
        StatsService service = seeded(db, UTC);
        assertThatThrownBy(() -> service.stats(new StatsQuery(null, null, TO, FROM, StatsGroup.DAY)))
                .isInstanceOf(StatsQueryException.class)
                .hasMessage("from: must be before to (from \"2026-07-01T00:00:00Z\", to \"2026-06-01T00:00:00Z\")");
    }

    private static Map<String, StatsRow> byKey(List<StatsRow> rows) {
        return rows.stream().collect(Collectors.toMap(StatsRow::key, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    private void insert(String id, String customer, String alertClass, String host, String state, String firstOutcome,
                        int alerts, String fingerprint, Instant firstSeen, Integer started, Integer decided,
                        Integer notified, Integer acknowledged, Integer resolved, String severity, String scenario) {
        jdbc.update("INSERT INTO incidents (id, customer_id, fingerprint, state, outcome, source_status, name,"
                        + " alert_class, severity, host, summary, alert_count, first_seen, last_seen, resolved_at, scenario,"
                        + " automation_started_at, decided_at, first_outcome, first_decided_at, first_notified_at,"
                        + " acknowledged_at) VALUES (?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, 's', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, customer, fingerprint, state, firstOutcome, id, alertClass, severity, host, alerts, at(firstSeen, 0),
                at(firstSeen, 0), at(firstSeen, resolved), scenario, at(firstSeen, started), at(firstSeen, decided),
                firstOutcome, at(firstSeen, decided), at(firstSeen, notified), at(firstSeen, acknowledged));
    }

    private static java.time.OffsetDateTime at(Instant base, Integer seconds) {
        return seconds == null ? null : base.plusSeconds(seconds).atOffset(ZoneOffset.UTC);
    }

    /** The customers of the history: departments, bound classes, and a scope the test can narrow. */
    private static final class Directory implements AnalyticsDirectory {
        Optional<Set<String>> scope = Optional.empty();

        @Override
        public Optional<Set<String>> scope() {
            return scope;
        }

        @Override
        public Collection<String> customers() {
            return List.of("acme", "bravo", "zulu");
        }

        @Override
        public String department(String customerId) {
            return customerId.equals("bravo") ? "Ops 2" : "Ops 1";
        }

        @Override
        public Set<String> customersIn(String department) {
            return department.equals("Ops 2") ? Set.of("bravo") : Set.of("acme", "zulu");
        }

        @Override
        public List<String> boundClasses(String customerId) {
            return switch (customerId) {
                case "acme" -> List.of("disk_usage");
                case "bravo" -> List.of("process_down");
                default -> List.of();
            };
        }
    }
}
