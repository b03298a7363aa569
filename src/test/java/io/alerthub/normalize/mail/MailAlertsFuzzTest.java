package io.alerthub.normalize.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.mail.MailProperties;
import io.alerthub.model.Alert;
import io.alerthub.model.RawPayload;
import io.alerthub.normalize.AlertClassifier;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.Databases;
import io.alerthub.store.InboxStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.mockito.Mockito;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fuzz test for mail intake's public entry point, {@link MailAlerts#normalize(RawPayload)} (MIME decoding and every
 * built-in parser): whatever bytes arrive as a mail become exactly one alert (understood, or class "unknown" for a
 * person), or are refused with one of the hub's own documented exceptions (a mail over a MIME budget, quarantined);
 * never a JDK or library exception, never an Error. In a plain build it replays the seeds in
 * MailAlertsFuzzTestInputs/anyMailBecomesOneAlert; JAZZER_FUZZ=1 fuzzes (bench/reliability/fuzz.sh).
 */
class MailAlertsFuzzTest {
    private static final CustomerRegistry CUSTOMERS = Mockito.mock(CustomerRegistry.class);
    /** A real (empty) inbox: every fuzzed mail is new, so the duplicate lookup runs and then the whole decode. */
    private static final JdbcTemplate DB = new JdbcTemplate(Databases.H2.migrated());
    private final MailAlerts mailAlerts = new MailAlerts(new AlertFinisher(new AlertClassifier(), CUSTOMERS), CUSTOMERS,
            new SimpleMeterRegistry(), new InboxStore(DB),
            new AlertStore(DB, new ObjectMapper().registerModule(new JavaTimeModule())),
            new MailProperties(null, null, null, null, null, null, null, null, null, null));

    @FuzzTest
    void anyMailBecomesOneAlert(byte[] data) {
        RawPayload raw = new RawPayload("inbox-fuzz", "acme", "mail", "mail", "message/rfc822",
                Instant.parse("2026-12-07T00:00:00Z"), data);
        Delivery delivery;
        try {
            delivery = mailAlerts.normalize(raw);
        } catch (RuntimeException refused) {
            // a documented refusal is the hub's own exception type (it quarantines the mail); anything else crashed
            assertThat(refused.getClass().getName()).startsWith("io.alerthub.");
            return;
        }
        assertThat(delivery.alerts()).hasSize(1);
        Alert alert = delivery.alerts().get(0);
        assertThat(alert.fingerprint()).isNotBlank();
        assertThat(alert.status()).isNotNull();
        assertThat(alert.customerId()).isEqualTo("acme");
        assertThat(delivery.dedupKey()).isNotBlank();
    }
}
