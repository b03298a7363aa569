package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.InboxStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The inbox writer while its PostgreSQL server is stopped and started again (issue 11, "the database unavailable for
 * 30 s"): deliveries are refused with 503 naming the database, a refused delivery is never stored behind the
 * sender's back (its retry would store it twice), and intake recovers by itself once the server is back.
 */
class IntakeOutageIT {
    private Path dataDir;
    private int port;
    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private Intake intake;
    private JdbcTemplate jdbc;
    private final ExecutorService senders = Executors.newFixedThreadPool(8);

    @BeforeEach
    void start() throws IOException {
        dataDir = Files.createTempDirectory("intake-outage");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = postgres();
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        pool.setUsername("postgres");
        pool.setConnectionTimeout(2000); // production keeps Hikari's 30 s; short here so the test is short
        pool.setMaximumPoolSize(4);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(pool);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        intake = new Intake(new IntakeProperties(null, null, Duration.ofSeconds(5)),
                new TransactionTemplate(new DataSourceTransactionManager(pool)), new InboxStore(jdbc),
                new AlertStore(jdbc, json), Folding.folder(new IncidentStore(jdbc), new TimelineStore(jdbc, json)),
                new SimpleMeterRegistry(), event -> { });
        intake.start();
    }

    /** The server on the same data directory and port each time (closing a "clean" one would delete its data). */
    private EmbeddedPostgres postgres() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    @AfterEach
    void stop() throws IOException {
        intake.stop();
        senders.shutdownNow();
        pool.close();
        server.close();
        FileSystemUtils.deleteRecursively(dataDir);
    }

    @Test
    void refusedWhileTheDatabaseIsDownNeverStoredLaterAndRecoversWithoutARestart() throws Exception {
        List<String> accepted = new ArrayList<>(intake.store(delivery("before")).alertIds());
        server.close();

        List<CompletableFuture<Object>> during = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "during-" + i;
            during.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return intake.store(delivery(name));
                } catch (RuntimeException e) {
                    return e;
                }
            }, senders));
        }
        List<Object> outcomes = during.stream().map(CompletableFuture::join).toList();
        assertThat(outcomes).as("every delivery during the outage is refused as unavailable").allSatisfy(o -> {
            assertThat(o).isInstanceOf(ProblemException.class);
            assertThat(((ProblemException) o).status()).isEqualTo(503);
        });
        assertThat(outcomes).as("the answer says why, so an operator reading the rejected log knows")
                .anySatisfy(o -> assertThat(((ProblemException) o).getMessage()).contains("database"));

        server = postgres();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try {
                accepted.addAll(intake.store(delivery("after")).alertIds());
            } catch (ProblemException stillDown) {
                throw new AssertionError("still refused: " + stillDown.getMessage());
            }
        });
        // whatever the writer still held from the outage has had its chance to commit by now
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jdbc.queryForList("SELECT id FROM alerts", String.class))
                        .as("exactly the accepted alerts are stored: none answered 503 and stored anyway")
                        .containsExactlyInAnyOrderElementsOf(accepted));
    }

    private static Delivery delivery(String name) {
        RawPayload raw = new RawPayload(Ids.next(), "acme", "webhook", "generic", "application/json", Instant.now(),
                "{\"raw\":true}".getBytes(StandardCharsets.UTF_8));
        Alert alert = Alert.builder().id(Ids.next()).customerId("acme").rawRef(raw.id()).receivedAt(raw.receivedAt())
                .fingerprint("fp-" + name).status(AlertStatus.FIRING).name(name).severity(Severity.WARNING)
                .summary(name).host("web-1").source(new AlertSource("webhook", "generic", null, null))
                .alertClass("disk_usage").build();
        return new Delivery(raw, null, List.of(alert));
    }
}
