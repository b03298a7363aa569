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
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Link;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AlertmanagerNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AlertmanagerNormalizer normalizer = new AlertmanagerNormalizer();

    /** One expected alert of one fixture: what a user checks first. */
    record Row(String fixture, int index, String name, AlertStatus status, Severity severity, String host,
            String fingerprint) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("am-v4-firing-1alert-alertmanager-bot.json", 0, "Fire", FIRING, CRITICAL, null, null),
                new Row("am-v4-resolved-1alert-alertmanager-bot.json", 0, "Fire", RESOLVED, CRITICAL, null, null),
                new Row("am-v4-firing-2alerts-zulip.json", 0, "High CPU Temperature", FIRING, CRITICAL, "andromeda", "a1bc48475b20e73d"),
                new Row("am-v4-firing-2alerts-zulip.json", 1, "High CPU Temperature", FIRING, CRITICAL, "andromeda", "c2ea85182f28cbd9"),
                new Row("edge-mixed-status-group.json", 0, "NodeDown", FIRING, CRITICAL, "db01.example.com", "0a1b2c3d4e5f6071"),
                new Row("edge-mixed-status-group.json", 1, "NodeDown", RESOLVED, CRITICAL, "2001:db8::1", "1b2c3d4e5f607182"),
                new Row("edge-mixed-status-group.json", 2, "Watchdog", FIRING, Severity.INFO, null, "2c3d4e5f60718293"),
                new Row("edge-no-host-japanese.json", 0, "ディスク使用率高", FIRING, WARNING, null, "f00dfeedf00dfeed"),
                new Row("edge-embedded-json-and-dupkeys.json", 0, "ProcessDown", RESOLVED, ERROR, "app-7", "deadbeef00000001"));
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
        assertThat(a.source().format()).isEqualTo("alertmanager");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(fixtureNames("alertmanager"));
    }

    @Test
    void alertCountsPerPayload() throws IOException {
        assertThat(normalizer.normalize(fixture("am-v4-firing-2alerts-zulip.json")).alerts()).hasSize(2);
        assertThat(normalizer.normalize(fixture("edge-mixed-status-group.json")).alerts()).hasSize(3);
    }

    @Test
    void twoAlertsKeepTheirOwnAnnotations() throws IOException {
        List<Alert> alerts = normalizer.normalize(fixture("am-v4-firing-2alerts-zulip.json")).alerts();
        assertThat(alerts).extracting(Alert::description)
                .containsExactly("CPU core temperature is 34.75C", "CPU core temperature is 17.625C");
        assertThat(alerts.get(0).summary()).isEqualTo("High CPU core temperature");
        assertThat(alerts.get(0).source().instance()).isEqualTo("http://ops1:9093");
    }

    @Test
    void goZeroEndsAtIsNoEndTime() throws IOException {
        Alert a = normalizer.normalize(fixture("am-v4-firing-2alerts-zulip.json")).alerts().get(0);
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2020-02-06T00:17:58.432911368Z"));
        assertThat(a.endsAt()).isNull();
    }

    @Test
    void firingAlertsFutureEndsAtIsNotAnEnd() throws IOException {
        Alert a = normalizer.normalize(fixture("am-v4-firing-1alert-alertmanager-bot.json")).alerts().get(0);
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2018-11-04T21:43:58.283995108Z"));
        assertThat(a.endsAt()).isNull();
        assertThat(a.summary()).isEqualTo("Something is on fire");
        assertThat(a.links()).containsExactly(new Link("http://localhost:9090/graph?g0.expr=vector%28666%29&g0.tab=1", "source"));
    }

    @Test
    void resolvedAlertKeepsItsEnd() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("am-v4-resolved-1alert-alertmanager-bot.json"));
        assertThat(p.eventId()).isNull();
        assertThat(p.alerts().get(0).endsAt()).isEqualTo(Instant.parse("2018-11-04T21:48:13.283995108Z"));
    }

    @Test
    void alertStatusWinsOverGroupStatusAndMissingStatusFallsBackToGroup() throws IOException {
        List<Alert> alerts = normalizer.normalize(fixture("edge-mixed-status-group.json")).alerts();
        assertThat(alerts).extracting(Alert::status).containsExactly(FIRING, RESOLVED, FIRING);
        assertThat(alerts.get(1).endsAt()).isEqualTo(Instant.parse("2024-05-01T10:01:30Z"));
        assertThat(alerts.get(1).resource().address()).isEqualTo("2001:db8::1");
        assertThat(alerts.get(0).resource().address()).isNull();
        assertThat(alerts.get(2).rawSeverity()).isEqualTo("none");
        assertThat(alerts.get(2).summary()).isEqualTo("An alert that should always be firing.");
        assertThat(alerts.get(0).source().instance()).isEqualTo("http://alertmanager.example.com:9093");
    }

    @Test
    void japaneseTextSurvives() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-no-host-japanese.json")).alerts().get(0);
        assertThat(a.summary()).isEqualTo("ディスク使用率が90%を超えました");
        assertThat(a.description()).isEqualTo("/var の使用率が 91% です。ログを確認してください。");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-06-02T16:02:03.456Z"));
        assertThat(a.links()).isEmpty();
    }

    @Test
    void labelsSentAsJsonStringAreReadAndDuplicateKeysTakeTheLastValue() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-embedded-json-and-dupkeys.json")).alerts().get(0);
        assertThat(a.labels()).containsEntry("service", "nginx");
        assertThat(a.resource().service()).isEqualTo("nginx");
        assertThat(a.summary()).isEqualTo("nginx is not running");
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2024-07-01T00:05:00Z"));
    }

    @Test
    void instanceLabelLosesItsPort() {
        assertThat(AlertmanagerNormalizer.stripPort("10.0.0.5:9100")).isEqualTo("10.0.0.5");
        assertThat(AlertmanagerNormalizer.stripPort("https://shop.example.com:8443/health")).isEqualTo("shop.example.com");
        assertThat(AlertmanagerNormalizer.stripPort("[::1]:9100")).isEqualTo("::1");
        assertThat(AlertmanagerNormalizer.stripPort("fe80::1")).isEqualTo("fe80::1");
        assertThat(AlertmanagerNormalizer.stripPort("web1")).isEqualTo("web1");
    }

    @Test
    void missingAlertsIsNamed() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"status\":\"firing\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("alerts", "is required")));
    }

    @Test
    void alertsThatIsNotAnArrayIsNamed() {
        assertThatThrownBy(() -> normalizer.normalize(json("{\"alerts\":{\"status\":\"firing\"}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("alerts", "must be an array, got object")));
    }

    @Test
    void everyBadAlertIsReportedAtOnce() {
        String body = "{\"alerts\":[{\"status\":\"burning\",\"labels\":{}}, 7, {\"labels\":{}}]}";
        assertThatThrownBy(() -> normalizer.normalize(json(body)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("alerts[0].status", "invalid value \"burning\" (valid: \"firing\", \"resolved\")"),
                        new FieldProblem("alerts[1]", "must be an object, got number"),
                        new FieldProblem("alerts[2].status", "is required")));
    }

    @Test
    void payloadThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> normalizer.normalize(json("[1,2]"))).isInstanceOf(InvalidPayloadException.class);
        assertThatThrownBy(() -> normalizer.normalize(null)).isInstanceOf(InvalidPayloadException.class);
    }

    private static JsonNode json(String s) throws IOException {
        return MAPPER.readTree(s);
    }

    static JsonNode fixture(String format, String name) throws IOException {
        try (InputStream in = AlertmanagerNormalizerTest.class.getResourceAsStream("/fixtures/" + format + "/" + name)) {
            assertThat(in).as("fixture %s/%s", format, name).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    static List<String> fixtureNames(String format) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures", format))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")).sorted().toList();
        }
    }

    private static JsonNode fixture(String name) throws IOException {
        return fixture("alertmanager", name);
    }
}
