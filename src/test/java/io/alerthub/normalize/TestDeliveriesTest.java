package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.ParsedPayload;
import io.alerthub.model.Alert;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;

/** A sender's test notification is accepted and marked as a test delivery; a real alert never is. */
class TestDeliveriesTest {
    private final CustomerRegistry customers = Mockito.mock(CustomerRegistry.class);
    private final AlertNormalizers normalizers = new AlertNormalizers(List.of(new NewRelicNormalizer(),
            new GrafanaNormalizer(), new DatadogNormalizer(), new AlertmanagerNormalizer()),
            new AlertFinisher(new AlertClassifier(), customers));

    record Row(String fixture, String format) {
    }

    static Stream<Row> tests() {
        return Stream.of(new Row("newrelic-legacy-test-notification.json", "newrelic"),
                new Row("grafana-contact-point-test.json", "grafana"),
                new Row("grafana-legacy-test-notification.json", "grafana"),
                new Row("datadog-monitor-test-notification.json", "datadog"));
    }

    @ParameterizedTest
    @MethodSource("tests")
    void aTestNotificationBecomesOneMarkedInfoAlert(Row row) throws IOException {
        Mockito.when(customers.find("acme")).thenReturn(Optional.empty());
        Delivery d = normalizers.normalize(payload(row.format(), "test-deliveries", row.fixture()));
        assertThat(d.alerts()).isNotEmpty().allSatisfy(a -> {
            assertThat(TestDeliveries.isTest(a)).isTrue();
            assertThat(a.severity()).isEqualTo(Severity.INFO);
            assertThat(a.fingerprint()).isEqualTo("test-delivery:" + row.format());
        });
        // every press of the button is stored, none is taken for a redelivery of the last one
        assertThat(d.eventId()).isNull();
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(tests().map(Row::fixture).toList())
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("test-deliveries"));
    }

    @Test
    void newRelicsTestKeepsItsWordsThoughItsStateIsNotAState() throws IOException {
        Alert a = normalizers.normalize(payload("newrelic", "test-deliveries", "newrelic-legacy-test-notification.json"))
                .alerts().get(0);
        assertThat(a.name()).isEqualTo("newrelic test notification");
        assertThat(a.source().format()).isEqualTo("newrelic");
    }

    @Test
    void realAlertsOfTheSameSendersAreNotTests() throws IOException {
        for (String[] real : new String[][] {{"newrelic", "newrelic-legacy-open-zulip.json"},
                {"grafana", "grafana-firing-2alerts-docs.json"}, {"datadog", "datadog-triggered-fluffy.json"}}) {
            Delivery d = normalizers.normalize(payload(real[0], real[0], real[1]));
            assertThat(d.alerts()).as(real[1]).noneMatch(TestDeliveries::isTest);
        }
    }

    private static ParsedPayload payload(String format, String dir, String fixture) throws IOException {
        RawPayload raw = new RawPayload("inbox-1", "acme", "webhook", format, "application/json",
                Instant.parse("2026-12-07T00:00:00Z"), new byte[0]);
        return new ParsedPayload(raw, AlertmanagerNormalizerTest.fixture(dir, fixture));
    }
}
