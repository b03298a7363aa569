package io.alerthub.normalize;

import static io.alerthub.normalize.NormalizerFixtures.assertEveryFixtureListed;
import static io.alerthub.normalize.NormalizerFixtures.assertInstant;
import static io.alerthub.normalize.NormalizerFixtures.fixture;
import static io.alerthub.normalize.NormalizerFixtures.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Link;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Mackerel alert webhook mapping, fixture by fixture, plus Japanese text and host-less alerts. */
class MackerelNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIR = "/fixtures/mackerel/";
    private final MackerelNormalizer normalizer = new MackerelNormalizer();

    /** What a user reads off each fixture; written by hand from the payload, not computed by the normalizer. */
    record Expected(String fixture, String host, String service, String name, AlertStatus status, Severity severity,
                    String rawSeverity, String fingerprint, String eventId, String instance, String startsAt,
                    String endsAt) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Expected> fixtures() {
        return Stream.of(
                new Expected("mackerel-webhook-host-critical-docs-ja.json", "app01", "Service", "MonitorName",
                        AlertStatus.FIRING, Severity.CRITICAL, "critical", "2bj...", "2bj...:critical", "Macker...",
                        "2016-09-06T02:45:12Z", null),
                new Expected("mackerel-service-ok-japanese-nohost-edge.json", null, "決済サービス", "ストレージ使用率（決済DB）",
                        AlertStatus.RESOLVED, Severity.INFO, "ok", "4ZtvkMB3bRq", "4ZtvkMB3bRq:ok", "株式会社サンプル",
                        "2023-11-14T22:13:20Z", "2023-11-14T23:13:20Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsFixture(Expected e) throws IOException {
        NormalizedPayload result = normalizer.normalize(fixture(DIR, e.fixture()));

        assertThat(result.alerts()).hasSize(1);
        Alert a = result.alerts().get(0);
        assertThat(a.resource().host()).as("host").isEqualTo(e.host());
        assertThat(a.resource().service()).as("service").isEqualTo(e.service());
        assertThat(a.name()).as("name").isEqualTo(e.name());
        assertThat(a.status()).as("status").isEqualTo(e.status());
        assertThat(a.severity()).as("severity").isEqualTo(e.severity());
        assertThat(a.rawSeverity()).as("rawSeverity").isEqualTo(e.rawSeverity());
        assertThat(a.fingerprint()).as("fingerprint").isEqualTo(e.fingerprint());
        assertThat(result.eventId()).as("eventId").isEqualTo(e.eventId());
        assertThat(a.source().format()).isEqualTo("mackerel");
        assertThat(a.source().instance()).as("source.instance").isEqualTo(e.instance());
        assertInstant(a.startsAt(), e.startsAt(), "startsAt");
        assertInstant(a.endsAt(), e.endsAt(), "endsAt");
    }

    @Test
    void everyFixtureOfTheFormatHasExpectedValues() throws IOException, URISyntaxException {
        assertEveryFixtureListed(DIR, fixtures().map(Expected::fixture).toList());
    }

    @Test
    void hostAlertCarriesRoleMetricAndLinks() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "mackerel-webhook-host-critical-docs-ja.json")).alerts().get(0);

        assertThat(a.resource().component()).isEqualTo("Role");
        assertThat(a.summary()).isEqualTo("MetricName 2.26 > 1.96");
        assertThat(a.description()).isEqualTo("memo....");
        assertThat(a.labels()).containsEntry("roles", "Service: Role").containsEntry("alert_type", "host")
                .containsEntry("host_status", "working");
        assertThat(a.annotations()).containsEntry("metricValue", "2.255356387321597");
        assertThat(a.links()).extracting(Link::text).containsExactly("Mackerel alert", "Mackerel host", "Graph");
        assertThat(a.endsAt()).as("a firing alert has no end even when closedAt is set").isNull();
    }

    @Test
    void japaneseTextSurvivesFromUtf8BytesToTheDraft() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream(DIR + "mackerel-service-ok-japanese-nohost-edge.json")) {
            bytes = Objects.requireNonNull(in).readAllBytes();
        }
        Alert a = normalizer.normalize(MAPPER.readTree(bytes)).alerts().get(0);

        assertThat(a.description()).isEqualTo("夜間は一次対応のみ。ディスク整理の手順は Wiki を参照。");
        assertThat(a.summary()).isEqualTo("storage.used_percent 71.5 > 90");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains(a.name(), a.resource().service());
    }

    @Test
    void anAlertWithoutHostOrServiceStillMaps() throws IOException {
        Alert a = one(normalizer, "{\"event\":\"alert\",\"alert\":{\"id\":\"x1\",\"status\":\"warning\",\"type\":\"external\","
                + "\"monitorName\":\"外形監視 https://shop.example.jp\",\"openedAt\":1700000000}}");

        assertThat(a.resource().host()).isNull();
        assertThat(a.resource().service()).isNull();
        assertThat(a.severity()).isEqualTo(Severity.WARNING);
        assertThat(a.name()).isEqualTo("外形監視 https://shop.example.jp");
    }

    @Test
    void aPayloadWithoutAlertIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"orgName\":\"x\",\"alert\":[\"not\",\"an\",\"object\"]}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("mackerel payload lacks required field(s): alert")
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("alert", "is required")));
    }

    @Test
    void anotherEventTypeIsRejectedSayingWhy() {
        assertThatThrownBy(() -> one(normalizer, "{\"event\":\"hostRetire\",\"host\":{\"name\":\"app01\"}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("mackerel payload: event \"hostRetire\" carries no alert (only \"alert\" events are accepted)");
    }

    @Test
    void anAlertWithoutStatusIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"alert\":{\"id\":\"x\"}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("mackerel payload lacks required field(s): alert.status");
    }

    @Test
    void oddlyTypedFieldsAreToleratedNotCast() throws IOException {
        Alert a = one(normalizer, "{\"host\":\"app01\",\"alert\":{\"status\":\"critical\",\"id\":42,\"openedAt\":\"1700000000000\","
                + "\"monitorName\":[\"x\"]},\"orgName\":{\"n\":1}}");

        assertThat(a.resource().host()).isNull();
        assertThat(a.fingerprint()).isEqualTo("42");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(a.name()).isNull();
        assertThat(a.source().instance()).isNull();
    }
}
