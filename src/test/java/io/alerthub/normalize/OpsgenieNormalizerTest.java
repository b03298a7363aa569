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
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpsgenieNormalizerTest {
    private final OpsgenieNormalizer normalizer = new OpsgenieNormalizer();

    record Row(String fixture, String name, AlertStatus status, String action, Severity severity, String host,
            String fingerprint, String eventId) {
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("opsgenie-create-zulip.json", "another alert", FIRING, "Create", WARNING, "Server", "alert-alias",
                        "ec03dad6-62c8-4c94-b38b-d88f398e900f:Create:1502709956288000110"),
                new Row("opsgenie-acknowledge-zulip.json", "test alert", FIRING, "Acknowledge", null, null, "aliastest",
                        "052652ac-5d1c-464a-812a-7dd18bbfba8c:Acknowledge:1420452224764002246"),
                new Row("opsgenie-close-zulip.json", "test alert", RESOLVED, "Close", null, null, "aliastest",
                        "052652ac-5d1c-464a-812a-7dd18bbfba8c:Close:1420452374669001603"),
                new Row("edge-addnote-details-string-ja.json", "データベース接続エラー", FIRING, "AddNote", CRITICAL,
                        "db-01.example.jp", "11111111-2222-3333-4444-555555555555",
                        "11111111-2222-3333-4444-555555555555:AddNote:1717380060000000000"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void fixtureGivesTheExpectedAlert(Row row) throws IOException {
        NormalizedPayload p = normalizer.normalize(fixture(row.fixture()));
        Alert a = p.alerts().get(0);
        assertThat(a.name()).isEqualTo(row.name());
        assertThat(a.status()).isEqualTo(row.status());
        assertThat(a.annotations()).containsEntry(OpsgenieNormalizer.ACTION_ANNOTATION, row.action());
        assertThat(a.severity()).isEqualTo(row.severity());
        assertThat(a.resource().host()).isEqualTo(row.host());
        assertThat(a.fingerprint()).isEqualTo(row.fingerprint());
        assertThat(p.eventId()).isEqualTo(row.eventId());
        assertThat(a.source().format()).isEqualTo("opsgenie");
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("opsgenie"));
    }

    @Test
    void createdAtInMillisecondsStartsTheAlert() throws IOException {
        Alert a = normalizer.normalize(fixture("opsgenie-create-zulip.json")).alerts().get(0);
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2017-08-14T11:25:56.288Z"));
        assertThat(a.endsAt()).isNull();
        assertThat(a.rawSeverity()).isEqualTo("3");
        assertThat(a.labels()).containsEntry("tags", "vip");
    }

    @Test
    void closeEndsAtTheNanosecondUpdatedAt() throws IOException {
        Alert a = normalizer.normalize(fixture("opsgenie-close-zulip.json")).alerts().get(0);
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2015-01-05T10:03:11.104Z"));
        assertThat(a.endsAt()).isEqualTo(Instant.parse("2015-01-05T10:06:14.669001603Z"));
        assertThat(a.labels()).doesNotContainKey("tags");
    }

    @Test
    void acknowledgeKeepsTheTagsAndWhoActed() throws IOException {
        Alert a = normalizer.normalize(fixture("opsgenie-acknowledge-zulip.json")).alerts().get(0);
        assertThat(a.labels()).containsEntry("tags", "tag1,tag2");
        assertThat(a.annotations()).containsEntry("opsgenie_username", "fili@ifountain.com");
    }

    @Test
    void detailsSentAsJsonStringAndJapaneseNote() throws IOException {
        Alert a = normalizer.normalize(fixture("edge-addnote-details-string-ja.json")).alerts().get(0);
        assertThat(a.labels()).containsEntry("env", "prod").containsEntry("tags", "db,本番");
        assertThat(a.annotations()).containsEntry("opsgenie_note", "調査中です");
        assertThat(a.rawSeverity()).isEqualTo("P1");
    }

    @Test
    void missingActionAndAlertAreBothReported() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"source\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("action", "is required"), new FieldProblem("alert", "is required")));
    }

    @Test
    void alertWithoutIdOrAliasIsReported() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"action\":\"Create\",\"alert\":{\"message\":\"m\"}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems()).containsExactly(
                        new FieldProblem("alert.alertId", "is required (or alert.alias)")));
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("opsgenie", name);
    }
}
