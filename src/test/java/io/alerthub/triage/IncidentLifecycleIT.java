package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.model.TimelineEntry;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.Databases;
import io.alerthub.store.InboxStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.alerthub.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No incident swallows alerts, on both supported databases (H2 and a real PostgreSQL): the resolve-timeout sweep
 * resolves exactly the incidents past their customer's (or alert class's) {@code resolveTimeout}, once even with two
 * hub instances sweeping at the same time, and a firing alert that folds into an incident people own is a re-fire
 * after {@code refireAfter}, otherwise a folded duplicate on the timeline.
 */
class IncidentLifecycleIT {
    static final Instant T = Instant.parse("2026-06-03T12:00:00Z");

    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock(T);
    private final List<Object> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DataSource ds;
    private Intake intake;
    private IncidentStore incidents;
    private TimelineStore timeline;
    private AlertStore alerts;
    private CustomerRegistry customers;
    private IncidentTimings timings;

    private void open(Databases db) throws IOException {
        write("acme", """
                incidents:
                  resolveTimeout: 2h
                  refireAfter: 1h
                  alertClasses:
                    disk_usage:
                      resolveTimeout: 30m
                    backup_failed:
                      resolveTimeout: 0
                    cpu_high:
                      refireAfter: 0
                """);
        write("other", "");
        customers = Folding.customers(tmp, Map.of("ACME_TOKEN", "acme-token", "OTHER_TOKEN", "other-token"));
        timings = new IncidentTimings(customers, new IncidentLifecycleProperties(null, null, null, null));
        ds = db.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        incidents = new IncidentStore(jdbc);
        timeline = new TimelineStore(jdbc, json);
        alerts = new AlertStore(jdbc, json);
        intake = new Intake(new IntakeProperties(null, null, null), tx(), new InboxStore(jdbc), alerts,
                Folding.folder(incidents, timeline, timings, meters), new SimpleMeterRegistry(), published::add);
        intake.start();
    }

    private void write(String id, String more) throws IOException {
        Folding.writeCustomer(tmp, id, more);
    }

    private TransactionTemplate tx() {
        return new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    private StaleIncidents sweeper(int batchSize) {
        return new StaleIncidents(incidents, timeline, customers, timings,
                new IncidentLifecycleProperties(null, null, null, batchSize), tx(), meters, clock);
    }

    @AfterEach
    void stop() {
        if (intake != null) {
            intake.stop();
        }
    }

    // ---- resolveTimeout ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theSweepResolvesExactlyTheIncidentsPastTheirResolveTimeout(Databases db) throws IOException {
        open(db);
        String escalated3h = incident("acme", "a", "unknown", T.minus(Duration.ofHours(3)), IncidentState.ESCALATED);
        String handedOver1h = incident("acme", "b", "unknown", T.minus(Duration.ofHours(1)), IncidentState.HANDED_OVER);
        String disk45m = incident("acme", "c", "disk_usage", T.minusSeconds(45 * 60), IncidentState.ACKNOWLEDGED);
        String disk20m = incident("acme", "d", "disk_usage", T.minusSeconds(20 * 60), IncidentState.ESCALATED);
        String backupNever = incident("acme", "e", "backup_failed", T.minus(Duration.ofDays(10)), IncidentState.ESCALATED);
        String open3h = incident("acme", "f", "unknown", T.minus(Duration.ofHours(3)), IncidentState.OPEN);
        String automating3h = incident("acme", "g", "unknown", T.minus(Duration.ofHours(3)), IncidentState.AUTOMATING);
        String suppressed3h = incident("acme", "h", "unknown", T.minus(Duration.ofHours(3)), IncidentState.SUPPRESSED);
        String cpu3h = incident("acme", "i", "cpu_high", T.minus(Duration.ofHours(3)), IncidentState.HANDED_OVER);
        String other23h = incident("other", "j", "unknown", T.minus(Duration.ofHours(23)), IncidentState.ESCALATED);
        String other25h = incident("other", "k", "unknown", T.minus(Duration.ofHours(25)), IncidentState.ESCALATED);
        String sourceResolved = incident("acme", "l", "unknown", T.minus(Duration.ofHours(5)), IncidentState.OPEN);
        store("acme", "l", "unknown", AlertStatus.RESOLVED, T.minus(Duration.ofHours(4)));

        List<String> resolved = sweeper(2).resolve();

        assertThat(resolved).containsExactlyInAnyOrder(escalated3h, disk45m, suppressed3h, cpu3h, other25h);
        for (String id : resolved) {
            Incident i = incidents.find(id).orElseThrow();
            assertThat(i.state()).isEqualTo(IncidentState.RESOLVED);
            assertThat(i.resolvedAt()).isEqualTo(T);
            assertThat(i.sourceStatus()).as("the source never said so").isEqualTo(AlertStatus.FIRING);
            assertThat(kinds(id)).endsWith("resolved_by_hub");
        }
        for (String id : List.of(handedOver1h, disk20m, backupNever, open3h, automating3h, other23h)) {
            assertThat(incidents.find(id).orElseThrow().state()).as(id).isNotEqualTo(IncidentState.RESOLVED);
            assertThat(kinds(id)).doesNotContain("resolved_by_hub");
        }
        assertThat(kinds(sourceResolved)).containsOnlyOnce("resolved_by_source").doesNotContain("resolved_by_hub");
        TimelineEntry why = last(escalated3h);
        assertThat(why.actor()).isEqualTo("hub");
        assertThat(why.at()).isEqualTo(T);
        assertThat(why.detail()).containsEntry("quietFor", "3h").containsEntry("resolveTimeout", "2h")
                .containsEntry("previousState", "ESCALATED");
        assertThat((String) why.detail().get("reason")).startsWith("no firing alert for 3h (resolveTimeout 2h)");
        assertThat(last(disk45m).detail()).containsEntry("quietFor", "45m").containsEntry("resolveTimeout", "30m");
        assertThat(meters.counter("alerthub.incidents.resolved.by.hub", "customer", "acme").count()).isEqualTo(4);
        assertThat(meters.counter("alerthub.incidents.resolved.by.hub", "customer", "other").count()).isEqualTo(1);

        assertThat(sweeper(2).resolve()).as("a second sweep finds nothing left").isEmpty();

        published.clear();
        String next = store("acme", "a", "unknown", AlertStatus.FIRING, T.plusSeconds(60));
        assertThat(next).as("the next firing alert opens a new incident").isNotEqualTo(escalated3h);
        assertThat(published).containsExactly(new IncidentChanged(next, "acme", IncidentChanged.Change.OPENED));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void twoInstancesSweepingAtOnceResolveEachIncidentOnce(Databases db) throws Exception {
        open(db);
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stale.add(incident("other", "fp-" + i, "unknown", T.minus(Duration.ofHours(30)), IncidentState.ESCALATED));
        }
        StaleIncidents first = sweeper(7);
        StaleIncidents second = sweeper(5);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.resolve();
            }, pool);
            CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.resolve();
            }, pool);
            List<String> all = new ArrayList<>(a.get());
            all.addAll(b.get());

            assertThat(all).as("every stale incident resolved by exactly one instance")
                    .containsExactlyInAnyOrderElementsOf(stale);
        } finally {
            pool.shutdownNow();
        }
        for (String id : stale) {
            assertThat(kinds(id)).containsOnlyOnce("resolved_by_hub");
        }
        assertThat(meters.counter("alerthub.incidents.resolved.by.hub", "customer", "other").count()).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aFoldThatComesFirstKeepsTheIncidentOpen(Databases db) throws IOException {
        open(db);
        String id = incident("acme", "late", "unknown", T.minus(Duration.ofHours(3)), IncidentState.ESCALATED);
        Incident read = incidents.find(id).orElseThrow();
        store("acme", "late", "unknown", AlertStatus.FIRING, T.minusSeconds(1));

        boolean resolved = tx().execute(s -> incidents.resolveQuiet(read.id(), StaleIncidents.SWEPT,
                T.minus(Duration.ofHours(2)), T));

        assertThat(resolved).as("the sweep read the incident before the fold, but the fold wins").isFalse();
        assertThat(incidents.find(id).orElseThrow().state()).isEqualTo(IncidentState.ESCALATED);
    }

    // ---- refireAfter -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aFiringAlertIntoAnOwnedIncidentIsARefireAfterItsIntervalAndADuplicateWithin(Databases db) throws IOException {
        open(db);
        Instant decided = T;
        String id = incident("acme", "owned", "unknown", decided, IncidentState.HANDED_OVER);
        published.clear();

        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(30 * 60));
        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(61 * 60));
        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(90 * 60));
        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(125 * 60));

        assertThat(changes()).containsExactly(IncidentChanged.Change.REPEATED, IncidentChanged.Change.REFIRED,
                IncidentChanged.Change.REPEATED, IncidentChanged.Change.REFIRED);
        assertThat(kinds(id)).containsSubsequence("duplicate", "refired", "duplicate", "refired");
        TimelineEntry refire = timeline.list(id).stream().filter(e -> e.kind().equals("refired")).findFirst()
                .orElseThrow();
        assertThat(refire.at()).isEqualTo(decided.plusSeconds(61 * 60));
        assertThat(refire.detail()).containsEntry("state", "HANDED_OVER").containsEntry("refireAfter", "1h")
                .containsKey("alertId").doesNotContainKey("owner");
        assertThat((String) refire.detail().get("reason")).isEqualTo("fired again 1h 1m after it went to people as"
                + " HANDED_OVER (refireAfter 1h): its escalation channels are told");
        assertThat(incidents.refiredAt(id)).contains(decided.plusSeconds(125 * 60));
        assertThat(incidents.find(id).orElseThrow().alertCount()).isEqualTo(5);

        published.clear();
        tx().executeWithoutResult(s -> incidents.acknowledge(id, "alice", decided.plusSeconds(180 * 60)));
        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(230 * 60));
        store("acme", "owned", "unknown", AlertStatus.FIRING, decided.plusSeconds(241 * 60));

        assertThat(changes()).as("the hour counts from alice's acknowledgement").containsExactly(
                IncidentChanged.Change.REPEATED, IncidentChanged.Change.REFIRED);
        TimelineEntry toAlice = last(id);
        assertThat(toAlice.kind()).isEqualTo("refired");
        assertThat(toAlice.detail()).containsEntry("owner", "alice").containsEntry("state", "ACKNOWLEDGED");
        assertThat((String) toAlice.detail().get("reason"))
                .isEqualTo("fired again 1h 1m after alice took it (refireAfter 1h): alice is told");
        assertThat(meters.counter("alerthub.incidents.refired", "customer", "acme").count()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void noRefireWhileTheHubIsStillOnItOrWhenTheClassSwitchesItOff(Databases db) throws IOException {
        open(db);
        String automating = incident("acme", "busy", "unknown", T.minus(Duration.ofHours(5)), IncidentState.AUTOMATING);
        String cpu = incident("acme", "cpu", "cpu_high", T.minus(Duration.ofHours(5)), IncidentState.ESCALATED);
        String other = incident("other", "quiet", "unknown", T.minus(Duration.ofHours(3)), IncidentState.ESCALATED);
        published.clear();

        store("acme", "busy", "unknown", AlertStatus.FIRING, T);
        store("acme", "cpu", "cpu_high", AlertStatus.FIRING, T);
        store("other", "quiet", "unknown", AlertStatus.FIRING, T);

        assertThat(changes()).containsOnly(IncidentChanged.Change.REPEATED);
        for (String id : List.of(automating, cpu, other)) {
            assertThat(last(id).kind()).as("never silent: on the timeline as a folded duplicate").isEqualTo("duplicate");
        }
        store("other", "quiet", "unknown", AlertStatus.FIRING, T.plus(Duration.ofHours(1)));
        assertThat(last(other).kind()).as("the hub's default refireAfter is 4h").isEqualTo("refired");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** An incident of {@code fingerprint} last seen at {@code lastSeen}, moved to {@code state} at that moment. */
    private String incident(String customer, String fingerprint, String alertClass, Instant lastSeen,
                            IncidentState state) {
        String id = store(customer, fingerprint, alertClass, AlertStatus.FIRING, lastSeen);
        tx().executeWithoutResult(s -> {
            switch (state) {
                case OPEN -> { }
                case AUTOMATING -> incidents.claim(id, "acme.test", lastSeen);
                case HANDED_OVER, ESCALATED -> {
                    incidents.claim(id, "acme.test", lastSeen);
                    incidents.decide(id, Outcome.valueOf(state.name()), "test", lastSeen);
                }
                case ACKNOWLEDGED -> {
                    incidents.decide(id, Outcome.ESCALATED, "test", lastSeen);
                    incidents.acknowledge(id, "bob", lastSeen);
                }
                case SUPPRESSED -> incidents.suppress(id, "silenced", lastSeen);
                default -> throw new IllegalArgumentException(state.name());
            }
        });
        assertThat(incidents.find(id).orElseThrow().state()).isEqualTo(state);
        return id;
    }

    /** Stores one alert received at {@code at}; returns its incident id. */
    private String store(String customer, String fingerprint, String alertClass, AlertStatus status, Instant at) {
        RawPayload raw = new RawPayload(Ids.next(), customer, "webhook", "generic", "application/json", at,
                "{}".getBytes(StandardCharsets.UTF_8));
        Alert alert = Alert.builder().id(Ids.next()).customerId(customer).rawRef(raw.id()).receivedAt(at)
                .fingerprint(fingerprint).status(status).name("Check").severity(Severity.WARNING).summary("check")
                .host("web-1").source(new AlertSource("webhook", "generic", null, null)).alertClass(alertClass).build();
        String alertId = intake.store(new Delivery(raw, null, List.of(alert))).alertIds().get(0);
        return alerts.find(alertId).orElseThrow().incidentId();
    }

    private List<String> kinds(String incidentId) {
        return timeline.list(incidentId).stream().map(TimelineEntry::kind).toList();
    }

    private TimelineEntry last(String incidentId) {
        List<TimelineEntry> entries = timeline.list(incidentId);
        return entries.get(entries.size() - 1);
    }

    private List<IncidentChanged.Change> changes() {
        return published.stream().map(e -> ((IncidentChanged) e).change()).toList();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
