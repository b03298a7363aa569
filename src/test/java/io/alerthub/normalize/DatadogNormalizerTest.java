package io.alerthub.normalize;

import static io.alerthub.normalize.NormalizerFixtures.assertEveryFixtureListed;
import static io.alerthub.normalize.NormalizerFixtures.assertInstant;
import static io.alerthub.normalize.NormalizerFixtures.fixture;
import static io.alerthub.normalize.NormalizerFixtures.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Link;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Datadog webhook mapping, fixture by fixture, plus the edge cases Datadog's free-form templates produce. */
class DatadogNormalizerTest {
    private static final String DIR = "/fixtures/datadog/";
    private final DatadogNormalizer normalizer = new DatadogNormalizer();

    /** What a user reads off each fixture; written by hand from the payload, not computed by the normalizer. */
    record Expected(String fixture, String host, String name, AlertStatus status, Severity severity,
                    String rawSeverity, String fingerprint, String eventId, String instance, String startsAt,
                    String endsAt) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Expected> fixtures() {
        return Stream.of(
                new Expected("datadog-triggered-fluffy.json", "i-3b93aafb", "Dock is almost out of memory...",
                        AlertStatus.FIRING, null, null, "309811:host:i-3b93aafb", "3089904566766935419", null,
                        "2015-11-25T07:12:10Z", null),
                new Expected("datadog-recovered-fluffy.json", "i-3b93aafb", "Dock is almost out of memory...",
                        AlertStatus.RESOLVED, null, null, "309811:host:i-3b93aafb", "3089903685627551077", null,
                        null, "2015-11-25T07:11:17Z"),
                new Expected("datadog-custom-json-tags-ns-edge.json", "db-01.acme.internal", "Disk space low on /var",
                        AlertStatus.FIRING, Severity.ERROR, "P2", "48213377:host:db-01.acme.internal,role:db",
                        "7391846254612839912", "Acme MSP", "2023-11-14T22:13:20.123456789Z", null),
                new Expected("datadog-minimal-nohost-seconds-edge.json", null, "Synthetic test failed: checkout page",
                        AlertStatus.RESOLVED, Severity.INFO, "success", null, null, null,
                        null, "2023-11-14T22:13:20Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsFixture(Expected e) throws IOException {
        NormalizedPayload result = normalizer.normalize(fixture(DIR, e.fixture()));

        assertThat(result.alerts()).hasSize(1);
        Alert a = result.alerts().get(0);
        assertThat(a.resource().host()).as("host").isEqualTo(e.host());
        assertThat(a.name()).as("name").isEqualTo(e.name());
        assertThat(a.status()).as("status").isEqualTo(e.status());
        assertThat(a.severity()).as("severity").isEqualTo(e.severity());
        assertThat(a.rawSeverity()).as("rawSeverity").isEqualTo(e.rawSeverity());
        assertThat(a.fingerprint()).as("fingerprint").isEqualTo(e.fingerprint());
        assertThat(result.eventId()).as("eventId").isEqualTo(e.eventId());
        assertThat(a.source().format()).isEqualTo("datadog");
        assertThat(a.source().instance()).as("source.instance").isEqualTo(e.instance());
        assertInstant(a.startsAt(), e.startsAt(), "startsAt");
        assertInstant(a.endsAt(), e.endsAt(), "endsAt");
    }

    @Test
    void everyFixtureOfTheFormatHasExpectedValues() throws IOException, URISyntaxException {
        assertEveryFixtureListed(DIR, fixtures().map(Expected::fixture).toList());
    }

    @Test
    void titleScopeAndTagsBecomeLabelsAndTheBodyLosesItsMarkdownFences() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "datadog-triggered-fluffy.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("region", "us-west-1").containsEntry("role", "dock")
                .containsEntry("security-group", "sg-59a3503c,sg-cb8e7dae").containsEntry("monitor", "")
                .containsEntry("alert_transition", "Triggered");
        assertThat(a.summary()).isEqualTo("[Triggered on {host:i-3b93aafb}] Dock is almost out of memory...");
        assertThat(a.description()).startsWith("restart docker").doesNotContain("%%%")
                .contains("[[Monitor Status](https://app.datadoghq.com/monitors#309811?group=host%3Ai-3b93aafb)] · [[Edit");
        assertThat(a.links()).containsExactly(
                new Link("https://app.datadoghq.com/event/event?id=3089904566766935419", "Datadog event"));
    }

    @Test
    void jsonInsideJsonStringsAreReadAsObjectsAndArrays() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "datadog-custom-json-tags-ns-edge.json")).alerts().get(0);

        assertThat(a.source().instance()).isEqualTo("Acme MSP");
        assertThat(a.labels()).containsEntry("env", "prod").containsEntry("team", "sre")
                .containsEntry("device", "/dev/sda1").containsEntry("alert_metric", "system.disk.in_use");
        assertThat(a.description()).isEqualTo("Disk usage on **/var** is above 90% — 対応してください");
    }

    @Test
    void aWholePayloadSentAsOneJsonStringIsUnwrapped() throws IOException {
        JsonNode object = fixture(DIR, "datadog-triggered-fluffy.json");

        NormalizedPayload fromString = normalizer.normalize(TextNode.valueOf(object.toString()));

        assertThat(fromString).isEqualTo(normalizer.normalize(object));
    }

    @ParameterizedTest(name = "date {0}")
    @CsvSource({
            "'1700000000',            2023-11-14T22:13:20Z",
            "'1700000000123',         2023-11-14T22:13:20.123Z",
            "'1700000000123456',      2023-11-14T22:13:20.123456Z",
            "'1700000000123456789',   2023-11-14T22:13:20.123456789Z",
            "'2023-11-14T22:13:20Z',  2023-11-14T22:13:20Z"})
    void epochSecondsMillisAndNanosAsStringsAreToldApart(String date, String expected) throws IOException {
        Alert a = one(normalizer, "{\"title\":\"CPU high\",\"date\":\"" + date + "\"}");

        assertInstant(a.startsAt(), expected, "startsAt");
    }

    @Test
    void aDateBeyondTheRangeOfInstantIsDroppedNotThrown() throws IOException {
        Alert a = one(normalizer, "{\"title\":\"CPU high\",\"date\":\"99999999999999999999999999999\"}");

        assertThat(a.startsAt()).isNull();
    }

    @Test
    void aPayloadWithoutAnyTitleIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"alert_transition\":\"Triggered\",\"hostname\":\"web-1\"}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("datadog payload lacks required field(s): title")
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("title", "is required")));
    }

    @Test
    void anArrayIsRejectedAsNotAnObject() {
        assertThatThrownBy(() -> one(normalizer, "[{\"title\":\"x\"}]"))
                .isInstanceOf(InvalidPayloadException.class)
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("$", "must be a JSON object, got array")));
    }

    @Test
    void oddlyTypedFieldsAreToleratedNotCast() throws IOException {
        Alert a = one(normalizer, "{\"title\":12345,\"alert_transition\":[\"Recovered\"],\"tags\":{\"env\":\"prod\"},"
                + "\"date\":{\"ms\":1},\"hostname\":[\"h1\"],\"org\":[1,2],\"alert_priority\":3}");

        assertThat(a.name()).isEqualTo("12345");
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.resource().host()).isNull();
        assertThat(a.startsAt()).isNull();
        assertThat(a.severity()).isNull();
        assertThat(a.rawSeverity()).isEqualTo("3");
    }

    @Test
    void aPriorityInTheTitleIsTheSeverityWhenNoPriorityFieldIsSent() throws IOException {
        Alert a = one(normalizer, "{\"title\":\"[P1] [Triggered on {host:web-1}] Web down\"}");

        assertThat(a.name()).isEqualTo("Web down");
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.rawSeverity()).isEqualTo("P1");
        assertThat(a.resource().host()).isEqualTo("web-1");
    }
}
