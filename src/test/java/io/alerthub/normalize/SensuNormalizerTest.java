package io.alerthub.normalize;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static io.alerthub.model.Severity.CRITICAL;
import static io.alerthub.model.Severity.INFO;
import static io.alerthub.model.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SensuNormalizerTest {
    private final SensuNormalizer normalizer = new SensuNormalizer();

    /** {@code at} is startsAt for firing events and endsAt for resolved ones. */
    record Row(String fixture, String name, AlertStatus status, Severity severity, String host, String fingerprint,
            Instant at) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("sensu-go-event-failing-alerta-handler.json", "check-nginx", FIRING, WARNING, "webserver01",
                        "default/webserver01/check-nginx", Instant.parse("2016-04-09T03:33:46Z")),
                // Duplicate keys in check: Jackson keeps the last executed (1542667666), as Go's decoder does.
                new Row("sensu-go-event-failing-dupkeys-twilio-handler.json", "check-nginx", FIRING, WARNING, "webserver01",
                        "default/webserver01/check-nginx", Instant.parse("2018-11-19T22:47:46Z")),
                new Row("edge-resolved-epoch-ms-ja.json", "check-http", RESOLVED, INFO, "ウェブ01.example.jp",
                        "production/web01/check-http", Instant.parse("2024-06-03T02:00:00.123Z")),
                new Row("edge-critical-epoch-ns-no-entity.json", "check-disk", FIRING, CRITICAL, null, null,
                        Instant.parse("2024-06-03T02:00:00.123456789Z")),
                new Row("edge-classic-resolve.json", "frontend_http_check", RESOLVED, INFO, "i-424242",
                        "i-424242/frontend_http_check", Instant.parse("2016-04-09T03:33:46Z")));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void fixtureGivesTheExpectedAlert(Row row) throws IOException {
        Alert a = normalizer.normalize(fixture(row.fixture())).alerts().get(0);
        assertThat(a.name()).isEqualTo(row.name());
        assertThat(a.status()).isEqualTo(row.status());
        assertThat(a.severity()).isEqualTo(row.severity());
        assertThat(a.resource().host()).isEqualTo(row.host());
        assertThat(a.fingerprint()).isEqualTo(row.fingerprint());
        assertThat(row.status() == FIRING ? a.startsAt() : a.endsAt()).isEqualTo(row.at());
        assertThat(a.source().format()).isEqualTo("sensu");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("sensu"));
    }

    @Test
    void goEventKeepsLabelsAnnotationsAddressAndOutput() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("sensu-go-event-failing-alerta-handler.json"));
        Alert a = p.alerts().get(0);
        assertThat(p.eventId()).isNull();
        assertThat(a.rawSeverity()).isEqualTo("1");
        assertThat(a.resource().address()).isEqualTo("10.0.2.15");
        assertThat(a.summary()).isEqualTo("example output");
        assertThat(a.labels()).containsEntry("test_attribute", "label-value-check1")
                .containsEntry("sensu.io/managed_by", "sensuctl");
        assertThat(a.annotations()).containsEntry("sensu.io/plugins/segp/config/path2", "1357");
    }

    @Test
    void nullLabelsInDupkeysSampleGiveEmptyMaps() throws IOException {
        Alert a = normalizer.normalize(fixture("sensu-go-event-failing-dupkeys-twilio-handler.json")).alerts().get(0);
        assertThat(a.labels()).isEmpty();
        assertThat(a.annotations()).isEmpty();
    }

    @Test
    void millisecondEventIdAndJapaneseOutput() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("edge-resolved-epoch-ms-ja.json"));
        Alert a = p.alerts().get(0);
        assertThat(p.eventId()).isEqualTo("7c3f2a8e-1b2d-4c5e-9f00-123456789abc");
        assertThat(a.source().eventId()).isEqualTo("7c3f2a8e-1b2d-4c5e-9f00-123456789abc");
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2024-06-03T02:00:00.123Z"));
        assertThat(a.startsAt()).isNull();
        assertThat(a.summary()).isEqualTo("HTTP OK: 応答時間 0.12 秒");
        assertThat(a.labels()).containsEntry("region", "東京");
        assertThat(a.resource().address()).as("loopback only").isNull();
    }

    @Test
    void classicClientAddress() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-classic-resolve.json")).alerts().get(0);
        assertThat(a.resource().address()).isEqualTo("8.8.8.8");
    }

    @Test
    void missingCheckIsNamed() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"entity\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("check", "is required")));
    }

    @Test
    void checkWithoutNameOrStatusReportsBoth() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"check\":{\"status\":\"bad\"}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("check.metadata.name", "is required (Sensu Classic: check.name)"),
                        new FieldProblem("check.status", "invalid value \"bad\" (valid: a check exit status 0, 1, 2, …)")));
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("sensu", name);
    }
}
