package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.model.TimelineEntry;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertQuery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.Databases;
import io.alerthub.store.InboxStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.StoredAlert;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox and incident folding on both supported databases (H2 and a real PostgreSQL): what is stored,
 * how duplicates fold, how redeliveries are recognised, and that concurrent deliveries all commit.
 */
class IntakeIT {
    private Intake intake;
    private AlertStore alerts;
    private IncidentStore incidents;
    private TimelineStore timeline;
    private InboxStore inbox;
    private final List<Object> published = new CopyOnWriteArrayList<>();

    private void open(Databases db) {
        DataSource ds = db.migrated();
        intake = intakeOn(ds);
    }

    private Intake intakeOn(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        alerts = new AlertStore(jdbc, json);
        incidents = new IncidentStore(jdbc);
        timeline = new TimelineStore(jdbc, json);
        inbox = new InboxStore(jdbc);
        Intake started = new Intake(new IntakeProperties(null, null, null),
                new TransactionTemplate(new DataSourceTransactionManager(ds)), inbox, alerts,
                Folding.folder(incidents, timeline), new SimpleMeterRegistry(), published::add);
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        intake.stop();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void storesRawPayloadAndAlertsAndOpensAnIncident(Databases db) {
        open(db);
        Delivery d = delivery(null, alert("fp-1", AlertStatus.FIRING, "ディスク使用率が高い"));
        IntakeReceipt receipt = intake.store(d);

        assertThat(receipt.duplicate()).isFalse();
        assertThat(receipt.alertIds()).hasSize(1);
        StoredAlert stored = alerts.find(receipt.alertIds().get(0)).orElseThrow();
        assertThat(stored.alert().summary()).isEqualTo("ディスク使用率が高い");
        assertThat(stored.alert().rawRef()).isEqualTo(d.raw().id());
        assertThat(inbox.body(d.raw().id()).map(b -> new String(b, StandardCharsets.UTF_8))).contains("{\"raw\":true}");
        Incident incident = incidents.find(stored.incidentId()).orElseThrow();
        assertThat(incident.state()).isEqualTo(IncidentState.OPEN);
        assertThat(incident.alertCount()).isEqualTo(1);
        assertThat(timeline.list(incident.id())).extracting(TimelineEntry::kind).containsExactly("received");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void firingDuplicatesFoldAndAResolvedAlertResolvesTheIncident(Databases db) {
        open(db);
        String first = intake.store(delivery(null, alert("fp-2", AlertStatus.FIRING, "x"))).alertIds().get(0);
        String second = intake.store(delivery(null, alert("fp-2", AlertStatus.FIRING, "x"))).alertIds().get(0);
        String resolved = intake.store(delivery(null, alert("fp-2", AlertStatus.RESOLVED, "x"))).alertIds().get(0);
        String incidentId = alerts.find(first).orElseThrow().incidentId();

        assertThat(alerts.find(second).orElseThrow().incidentId()).isEqualTo(incidentId);
        assertThat(alerts.find(resolved).orElseThrow().incidentId()).isEqualTo(incidentId);
        Incident incident = incidents.find(incidentId).orElseThrow();
        assertThat(incident.alertCount()).isEqualTo(3);
        assertThat(incident.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(incident.sourceStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(incident.resolvedAt()).isNotNull();
        assertThat(timeline.list(incidentId)).extracting(TimelineEntry::kind)
                .containsExactly("received", "duplicate", "resolved_by_source");
        assertThat(published).as("later stages hear of each change after its commit")
                .containsExactly(new IncidentChanged(incidentId, "acme", IncidentChanged.Change.OPENED),
                        new IncidentChanged(incidentId, "acme", IncidentChanged.Change.REPEATED),
                        new IncidentChanged(incidentId, "acme", IncidentChanged.Change.RESOLVED));

        String again = intake.store(delivery(null, alert("fp-2", AlertStatus.FIRING, "x"))).alertIds().get(0);
        assertThat(alerts.find(again).orElseThrow().incidentId()).as("a new episode opens a new incident")
                .isNotEqualTo(incidentId);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theSameSourceEventIsStoredOnceAndAnswersWithTheSameIds(Databases db) {
        open(db);
        IntakeReceipt first = intake.store(delivery("evt-42", alert("fp-3", AlertStatus.FIRING, "a"),
                alert("fp-4", AlertStatus.FIRING, "b")));
        IntakeReceipt again = intake.store(delivery("evt-42", alert("fp-3", AlertStatus.FIRING, "a"),
                alert("fp-4", AlertStatus.FIRING, "b")));

        assertThat(again.duplicate()).isTrue();
        assertThat(published).as("a redelivery changes no incident").hasSize(2);
        assertThat(again.alertIds()).containsExactlyElementsOf(first.alertIds());
        assertThat(alerts.list(new AlertQuery("acme", null, null, null, null, 100)).items()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void concurrentDeliveriesAllCommitAndFoldIntoOneIncident(Databases db) throws Exception {
        open(db);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<IntakeReceipt>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> intake.store(delivery(null, alert("fp-storm", AlertStatus.FIRING, "storm"))), pool));
            }
            List<String> ids = futures.stream().map(CompletableFuture::join).map(r -> r.alertIds().get(0)).toList();
            assertThat(ids).doesNotHaveDuplicates().hasSize(400);
            assertThat(ids.stream().map(id -> alerts.find(id).orElseThrow().incidentId()).distinct()).hasSize(1);
            Incident incident = incidents.findOpen("acme", "fp-storm").orElseThrow();
            assertThat(incident.alertCount()).isEqualTo(400);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void twoHubInstancesOnOneDatabaseFoldWithoutLosingCounts(Databases db) {
        DataSource ds = db.migrated();
        intake = intakeOn(ds);
        Intake second = intakeOn(ds);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<IntakeReceipt>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Intake target = i % 2 == 0 ? intake : second;
                futures.add(CompletableFuture.supplyAsync(
                        () -> target.store(delivery(null, alert("fp-shared", AlertStatus.FIRING, "both"))), pool));
            }
            futures.forEach(CompletableFuture::join);
            Incident incident = incidents.findOpen("acme", "fp-shared").orElseThrow();
            assertThat(incident.alertCount()).isEqualTo(200);
            assertThat(alerts.list(new AlertQuery("acme", null, null, null, null, 500)).items())
                    .extracting(StoredAlert::incidentId).containsOnly(incident.id());
        } finally {
            pool.shutdownNow();
            second.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void listsFilterBySourceKindAndFormatAndPage(Databases db) {
        open(db);
        for (int i = 0; i < 5; i++) {
            intake.store(delivery(null, alert("fp-list-" + i, AlertStatus.FIRING, "n" + i)));
        }
        var firstPage = alerts.list(new AlertQuery("acme", AlertStatus.FIRING, "webhook", null, null, 2));
        assertThat(firstPage.items()).hasSize(2);
        var secondPage = alerts.list(new AlertQuery("acme", AlertStatus.FIRING, "generic", null, firstPage.nextCursor(), 10));
        assertThat(secondPage.items()).hasSize(3);
        assertThat(secondPage.nextCursor()).isNull();
        assertThat(alerts.list(new AlertQuery("acme", null, "mail", null, null, 10)).items()).isEmpty();
    }

    private static Delivery delivery(String eventId, Alert... drafts) {
        RawPayload raw = new RawPayload(Ids.next(), "acme", "webhook", "generic", "application/json", Instant.now(),
                "{\"raw\":true}".getBytes(StandardCharsets.UTF_8));
        List<Alert> finished = java.util.Arrays.stream(drafts)
                .map(a -> a.toBuilder().id(Ids.next()).customerId("acme").rawRef(raw.id()).receivedAt(raw.receivedAt()).build())
                .toList();
        return new Delivery(raw, eventId, finished);
    }

    private static Alert alert(String fingerprint, AlertStatus status, String summary) {
        return Alert.builder().fingerprint(fingerprint).status(status).name("DiskFull").severity(Severity.WARNING)
                .summary(summary).host("web-1").source(new AlertSource("webhook", "generic", null, null))
                .alertClass("disk_usage").build();
    }
}
