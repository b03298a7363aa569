package io.alerthub.normalize;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static io.alerthub.model.Severity.CRITICAL;
import static io.alerthub.model.Severity.ERROR;
import static io.alerthub.model.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Link;
import io.alerthub.model.Resource;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GenericNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GenericNormalizer normalizer = new GenericNormalizer();

    record Row(String fixture, int index, String name, AlertStatus status, Severity severity, String host,
            String fingerprint, String alertClass) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("generic-single-firing.json", 0, "DiskFull", FIRING, CRITICAL, "fs-01", "fs-01:/export:disk", "disk_usage"),
                new Row("generic-batch-mixed-ja.json", 0, "プロセス停止", RESOLVED, ERROR, "app-01", null, null),
                new Row("generic-batch-mixed-ja.json", 1, "CertExpiry", FIRING, WARNING, null, null, null),
                new Row("generic-minimal.json", 0, "Heartbeat", RESOLVED, null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void fixtureGivesTheExpectedAlert(Row row) throws IOException {
        Alert a = normalizer.normalize(fixture(row.fixture())).alerts().get(row.index());
        assertThat(a.name()).isEqualTo(row.name());
        assertThat(a.status()).isEqualTo(row.status());
        assertThat(a.severity()).isEqualTo(row.severity());
        assertThat(a.resource().host()).isEqualTo(row.host());
        assertThat(a.fingerprint()).isEqualTo(row.fingerprint());
        assertThat(a.alertClass()).isEqualTo(row.alertClass());
        assertThat(a.source().format()).isEqualTo("generic");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("generic"));
    }

    @Test
    void singleAlertKeepsEveryField() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("generic-single-firing.json"));
        assertThat(p.eventId()).isEqualTo("evt-0001");
        Alert a = p.alerts().get(0);
        assertThat(a.source()).isEqualTo(new AlertSource(null, "generic", "https://checker.example.com", "evt-0001"));
        assertThat(a.rawSeverity()).isEqualTo("P1");
        assertThat(a.resource()).isEqualTo(new Resource("fs-01", "192.0.2.20", "nfs", "/export"));
        assertThat(a.summary()).isEqualTo("/export is 97% full");
        assertThat(a.description()).isEqualTo("Free space on /export dropped below 3%.");
        assertThat(a.labels()).isEqualTo(Map.of("team", "storage", "env", "prod"));
        assertThat(a.annotations()).isEqualTo(Map.of("runbook", "https://runbooks.example.com/disk"));
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-04-01T12:00:00Z"));
        assertThat(a.endsAt()).isNull();
        assertThat(a.links()).containsExactly(new Link("https://grafana.example.com/d/disk", "dashboard"));
    }

    @Test
    void batchWithEpochTimesGoZeroEndNumbersAsLabelsAndJapanese() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("generic-batch-mixed-ja.json"));
        assertThat(p.eventId()).isNull();
        List<Alert> alerts = p.alerts();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).summary()).isEqualTo("httpd が停止しました");
        assertThat(alerts.get(0).startsAt()).isEqualTo(Instant.parse("2024-06-03T02:00:00Z"));
        assertThat(alerts.get(0).endsAt()).isEqualTo(Instant.parse("2024-06-03T02:10:00Z"));
        assertThat(alerts.get(1).startsAt()).isEqualTo(Instant.parse("2024-06-02T15:00:00Z"));
        assertThat(alerts.get(1).endsAt()).isNull();
        assertThat(alerts.get(1).labels()).containsEntry("days", "7");
    }

    @Test
    void everyMissingRequiredFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"alerts\":[{\"name\":\"a\"},{\"status\":\"firing\"},{}]}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("alerts[0].status", "is required"),
                        new FieldProblem("alerts[1].name", "is required"),
                        new FieldProblem("alerts[2].status", "is required"),
                        new FieldProblem("alerts[2].name", "is required")));
    }

    @Test
    void singleAlertProblemsHaveNoPrefix() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"severity\":\"sev1\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("status", "is required"),
                        new FieldProblem("name", "is required"),
                        new FieldProblem("severity",
                                "invalid value \"sev1\" (valid: \"critical\", \"error\", \"warning\", \"info\")")));
    }

    @Test
    void invalidEnumTypesAndTimesAreQuotedWithTheValidOptions() {
        String body = """
                {"alerts":[{"status":"burning","name":"n","labels":{"a":{"b":1}},"resource":"web1",
                            "startsAt":"yesterday","links":[{"text":"no href"}],"fingerprint":"%s"}]}
                """.formatted("x".repeat(256));
        assertThatThrownBy(() -> normalizer.normalize(json(body)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("alerts[0].fingerprint", "must be at most 255 characters, got 256"),
                        new FieldProblem("alerts[0].resource", "must be an object, got string"),
                        new FieldProblem("alerts[0].status", "invalid value \"burning\" (valid: \"firing\", \"resolved\")"),
                        new FieldProblem("alerts[0].labels.a", "must be a string, got object"),
                        new FieldProblem("alerts[0].startsAt", "invalid timestamp \"yesterday\" (expected ISO-8601 with"
                                + " offset, e.g. \"2024-01-31T12:00:00Z\", or epoch seconds/ms)"),
                        new FieldProblem("alerts[0].links[0].href", "is required")));
    }

    @Test
    void alertsThatIsNotAnArrayOrEmptyIsNamed() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"alerts\":\"none\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("alerts", "must be an array, got string")));
        assertThatThrownBy(() -> normalizer.normalize(json("{\"alerts\":[]}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("alerts", "must contain at least one alert")));
    }

    @Test
    void hubAssignedFieldsAreIgnored() throws IOException {
        Alert a = normalizer.normalize(json("""
                {"status":"firing","name":"n","id":"forged","customerId":"other","rawRef":"x",
                 "source":{"kind":"mail","format":"zabbix","instance":"i"}}""")).alerts().get(0);
        assertThat(a.id()).isNull();
        assertThat(a.customerId()).isNull();
        assertThat(a.rawRef()).isNull();
        assertThat(a.source()).isEqualTo(new AlertSource(null, "generic", "i", null));
    }

    private static JsonNode json(String s) throws IOException {
        return MAPPER.readTree(s);
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("generic", name);
    }
}
