package io.alerthub.normalize;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static io.alerthub.model.Severity.CRITICAL;
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
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GrafanaNormalizerTest {
    private final GrafanaNormalizer normalizer = new GrafanaNormalizer();

    record Row(String fixture, int index, String name, AlertStatus status, Severity severity, String host,
            String fingerprint) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("grafana-firing-2alerts-docs.json", 0, "High memory usage", FIRING, null, null, "c6eadffa33fcdf37"),
                new Row("grafana-firing-2alerts-docs.json", 1, "High CPU usage", FIRING, null, null, "bc97ff14869b13e3"),
                new Row("grafana11-firing-values-zulip.json", 0, "Memory (copy)", FIRING, null, null, "e6349a25f5ef0e9e"),
                new Row("grafana9-resolved-zulip.json", 0, "Test alert", RESOLVED, null, null, "d8a21484c9c25a60"),
                new Row("edge-mixed-status-instance-ja.json", 0, "メモリ使用率", RESOLVED, CRITICAL, "node_exporter", "aaaabbbbccccdddd"),
                new Row("edge-mixed-status-instance-ja.json", 1, "CPU", FIRING, WARNING, null, "eeeeffff00001111"));
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
        assertThat(a.source().format()).isEqualTo("grafana");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("grafana"));
    }

    @Test
    void twoAlertsWithEmptyUrlsLeftOutAndGoZeroEnd() throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture("grafana-firing-2alerts-docs.json"));
        assertThat(p.eventId()).isNull();
        assertThat(p.alerts()).hasSize(2);
        Alert a = p.alerts().get(0);
        assertThat(a.summary()).isEqualTo("This alert was triggered for zone us-1");
        assertThat(a.description()).isEqualTo("The system has high memory usage");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2021-10-12T07:51:03.157076Z"));
        assertThat(a.endsAt()).isNull();
        assertThat(a.source().instance()).isEqualTo("https://play.grafana.org/");
        assertThat(a.links()).extracting(Link::text).containsExactly("source", "runbook", "silence");
        assertThat(a.annotations()).containsEntry("values", "{\"B\":44.23943737541908,\"C\":1}");
    }

    @Test
    void grafana11KeepsDashboardPanelImageAndValueString() throws IOException {
        Alert a = normalizer.normalize(fixture("grafana11-firing-values-zulip.json")).alerts().get(0);
        assertThat(a.links()).extracting(Link::text).containsExactly("source", "silence", "dashboard", "panel", "image");
        assertThat(a.links()).contains(new Link(
                "https://play.grafana.org/d/ece9fb32-7f71-4be9-bd94-2f23608ae5b9?orgId=1&viewPanel=2", "panel"));
        assertThat(a.annotations().get("valueString")).startsWith("[ var='A' labels={instance=node_exporter:9100");
        assertThat(a.labels()).containsEntry("grafana_folder", "device");
    }

    @Test
    void resolvedAlertHasItsEnd() throws IOException {
        Alert a = normalizer.normalize(fixture("grafana9-resolved-zulip.json")).alerts().get(0);
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2022-06-17T00:51:24.067337833Z"));
        assertThat(a.summary()).isEqualTo("This is a summary field, failure on <no value>");
    }

    @Test
    void groupStatusFiringDoesNotOverrideResolvedAlertAndJapaneseSurvives() throws IOException {
        List<Alert> alerts = normalizer.normalize(fixture("edge-mixed-status-instance-ja.json")).alerts();
        assertThat(alerts.get(0).summary()).isEqualTo("メモリ使用率が回復しました");
        assertThat(alerts.get(0).labels()).containsEntry("grafana_folder", "本番");
        assertThat(alerts.get(0).endsAt()).isEqualTo(Instant.parse("2024-03-01T02:19:00Z"));
        assertThat(alerts.get(1).endsAt()).isNull();
        assertThat(alerts.get(1).annotations()).doesNotContainKey("values");
    }

    @Test
    void missingAlertsIsNamedWithTheFormat() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"state\":\"alerting\",\"ruleName\":\"x\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> {
                    assertThat(e.getMessage()).startsWith("grafana ");
                    assertThat(e.problems()).containsExactly(new FieldProblem("alerts", "is required"));
                });
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("grafana", name);
    }
}
