package io.alerthub.normalize;

import static io.alerthub.normalize.NormalizerFixtures.assertEveryFixtureListed;
import static io.alerthub.normalize.NormalizerFixtures.assertInstant;
import static io.alerthub.normalize.NormalizerFixtures.fixture;
import static io.alerthub.normalize.NormalizerFixtures.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.params.provider.MethodSource;

/** The New Relic mapping for workflow and legacy channel payloads, fixture by fixture, plus edge cases. */
class NewRelicNormalizerTest {
    private static final String DIR = "/fixtures/newrelic/";
    private static final String ISSUE = "0ea2df1c-adab-45d2-aae0-042b609d2322";
    private final NewRelicNormalizer normalizer = new NewRelicNormalizer();

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
                new Expected("newrelic-workflow-created-zulip.json", "MAIN-APP-UBUNTU", "High CPU", AlertStatus.FIRING,
                        Severity.CRITICAL, "CRITICAL", ISSUE,
                        "208c5e92-f250-40be-b7c2-50508c268c15:CREATED:1713767789495", "1",
                        "2024-04-22T06:36:29.495Z", null),
                new Expected("newrelic-workflow-closed-zulip.json", "main_app-UBUNTU", "High CPU", AlertStatus.RESOLVED,
                        Severity.CRITICAL, "CRITICAL", ISSUE,
                        "95a9344a-2590-48ce-8d83-07e28b6d22c6:CLOSED:1713766657383", "1",
                        "2024-04-22T06:16:30.228Z", "2024-04-22T06:17:37.383Z"),
                new Expected("newrelic-workflow-activated-string-arrays-edge.json", null, "Error rate",
                        AlertStatus.FIRING, Severity.ERROR, "HIGH", "4f7c2a1e-93b0-4d55-9b0c-1d2e3f405162",
                        "4f7c2a1e-93b0-4d55-9b0c-1d2e3f405162:ACTIVATED:1713767849495", "3300042",
                        "2024-04-22T06:36:29.495Z", null),
                new Expected("newrelic-legacy-open-zulip.json", null, "Server Down", AlertStatus.FIRING, null, null,
                        "1234", "1234:open:1605133931151", "2941966", "2020-11-11T22:32:11.151Z", null),
                new Expected("newrelic-legacy-closed-infra-host-edge.json", "web-07", "Disk used % > 90",
                        AlertStatus.RESOLVED, Severity.CRITICAL, "CRITICAL", "98765", "98765:closed:1605134231151",
                        "Acme Production", null, "2020-11-11T22:37:11.151Z"));
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
        assertThat(a.source().format()).isEqualTo("newrelic");
        assertThat(a.source().instance()).as("source.instance").isEqualTo(e.instance());
        assertInstant(a.startsAt(), e.startsAt(), "startsAt");
        assertInstant(a.endsAt(), e.endsAt(), "endsAt");
    }

    @Test
    void everyFixtureOfTheFormatHasExpectedValues() throws IOException, URISyntaxException {
        assertEveryFixtureListed(DIR, fixtures().map(Expected::fixture).toList());
    }

    @Test
    void createdAndClosedOfOneIssueShareTheFingerprintSoTheyFoldIntoOneIncident() throws IOException {
        Alert created = normalizer.normalize(fixture(DIR, "newrelic-workflow-created-zulip.json")).alerts().get(0);
        Alert closed = normalizer.normalize(fixture(DIR, "newrelic-workflow-closed-zulip.json")).alerts().get(0);

        assertThat(created.fingerprint()).isEqualTo(closed.fingerprint());
        assertThat(created.summary()).isEqualTo("MAIN-APP-UBUNTU query result is > 2.0 for 1 minutes on 'High CPU'");
        assertThat(created.labels()).containsEntry("policy", "Golden Signals")
                .containsEntry("workflow", "DBA Team workflow").containsEntry("trigger", "INCIDENT_ADDED");
        assertThat(created.links()).containsExactly(new Link(
                "https://radar-api.service.newrelic.com/accounts/1/issues/" + ISSUE + "?notifier=SLACK",
                "New Relic issue"));
    }

    @Test
    void listsSentAsJsonStringsAreReadAsLists() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "newrelic-workflow-activated-string-arrays-edge.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("policy", "APM,Checkout").containsEntry("sources", "newrelic")
                .doesNotContainKey("impactedEntities");
    }

    @Test
    void legacyInfrastructureTargetIsTheHostAndItsLabelsAreKept() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "newrelic-legacy-closed-infra-host-edge.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("target.datacenter", "tokyo-1").containsEntry("policy", "Infra golden signals");
        assertThat(a.summary()).isEqualTo("Disk Used % > 90.0 for at least 5 minutes on 'web-07'");
        assertThat(a.links()).extracting(Link::text).containsExactly("New Relic incident", "Runbook");
    }

    @Test
    void legacyApplicationTargetIsTheServiceNotTheHost() throws IOException {
        Alert a = one(normalizer, "{\"incident_id\":7,\"current_state\":\"acknowledged\","
                + "\"targets\":[{\"name\":\"checkout-api\",\"type\":\"Application\",\"product\":\"APM\"}]}");

        assertThat(a.resource().host()).isNull();
        assertThat(a.resource().service()).isEqualTo("checkout-api");
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.startsAt()).as("an acknowledgement time is not the start").isNull();
    }

    @Test
    void aPayloadOfNeitherShapeIsRejectedNamingState() {
        assertThatThrownBy(() -> one(normalizer, "{\"title\":\"x\"}"))
                .isInstanceOf(InvalidPayloadException.class)
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("state", "is required (current_state for legacy alert channels)")));
    }

    @Test
    void anUnknownWorkflowStateIsRejectedQuotingTheValue() {
        assertThatThrownBy(() -> one(normalizer, "{\"id\":\"a\",\"state\":\"SNOOZED\"}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("newrelic payload: state: unknown value \"SNOOZED\" "
                        + "(expected one of CREATED, ACTIVATED, ACKNOWLEDGED, CLOSED)");
    }

    @Test
    void aLegacyPayloadWithoutCurrentStateIsRejectedNamingIt() {
        assertThatThrownBy(() -> one(normalizer, "{\"incident_id\":1234,\"current_state\":{\"v\":\"open\"}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("newrelic payload lacks required field(s): current_state");
    }

    @Test
    void oddlyTypedFieldsAreToleratedNotCast() throws IOException {
        Alert a = one(normalizer, "{\"id\":[1],\"state\":\"CLOSED\",\"priority\":5,\"impactedEntities\":{\"a\":1},"
                + "\"alertConditionNames\":[{\"x\":1},\"Real name\"],\"createdAt\":\"yesterday\",\"issueUrl\":7}");

        assertThat(a.name()).isEqualTo("Real name");
        assertThat(a.resource().host()).isNull();
        assertThat(a.severity()).isNull();
        assertThat(a.rawSeverity()).isEqualTo("5");
        assertThat(a.fingerprint()).isNull();
        assertThat(a.startsAt()).isNull();
    }
}
