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
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Google Cloud Monitoring incident mapping, fixture by fixture, plus edge cases. */
class GcpMonitoringNormalizerTest {
    private static final String DIR = "/fixtures/gcp-monitoring/";
    private final GcpMonitoringNormalizer normalizer = new GcpMonitoringNormalizer();

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
                new Expected("gcp-1.2-open-uptime-agilicus.json", "MYHOST", "Uptime Health Check on api-noc-users",
                        AlertStatus.FIRING, null, null, "0.ligwyr056k2l", "0.ligwyr056k2l:open", "XXXX",
                        "2020-01-20T22:30:44Z", null),
                new Expected("gcp-1.2-closed-uptime-agilicus.json", "MYHOST", "Uptime Health Check on api-noc-users",
                        AlertStatus.RESOLVED, null, null, "0.ligwyr056k2l", "0.ligwyr056k2l:closed", "XXXX",
                        "2020-01-20T22:30:44Z", "2020-01-20T22:32:32Z"),
                new Expected("gcp-1.2-open-cpu-cloudforet.json", "choonho-test", "VM Instance - CPU utilization",
                        AlertStatus.FIRING, null, null, "0.mtdi83m6w8ao", "0.mtdi83m6w8ao:open",
                        "xxxxxxxxxxxxxxxxxxxxxxxx", "2023-02-02T05:29:47Z", null),
                new Expected("gcp-1.2-open-noincidentid-severity-edge.json", "batch-02", "Memory utilization above 85%",
                        AlertStatus.FIRING, Severity.WARNING, "Warning",
                        "vm-memory/Memory utilization above 85%/acme-prod batch-02", null, "acme-prod",
                        "2023-11-14T22:13:20Z", null));
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
        assertThat(a.source().format()).isEqualTo("gcp-monitoring");
        assertThat(a.source().instance()).as("source.instance").isEqualTo(e.instance());
        assertInstant(a.startsAt(), e.startsAt(), "startsAt");
        assertInstant(a.endsAt(), e.endsAt(), "endsAt");
    }

    @Test
    void everyFixtureOfTheFormatHasExpectedValues() throws IOException, URISyntaxException {
        assertEveryFixtureListed(DIR, fixtures().map(Expected::fixture).toList());
    }

    @Test
    void cpuIncidentKeepsDocumentationMetricAndLink() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "gcp-1.2-open-cpu-cloudforet.json")).alerts().get(0);

        assertThat(a.description()).isEqualTo("Server High CPU Usage");
        assertThat(a.summary()).startsWith("CPU utilization for xxxxxxxxxxxxxxxxxxxxxxxx VM Instance");
        assertThat(a.labels()).containsEntry("policy", "choonho-server-cpu-alert-policy-test")
                .containsEntry("resource_type", "gce_instance")
                .containsEntry("metric_type", "compute.googleapis.com/instance/cpu/utilization");
        assertThat(a.annotations()).containsEntry("observed_value", "0.790").containsEntry("threshold_value", "0.5");
        assertThat(a.links()).containsExactly(new Link(
                "https://console.cloud.google.com/monitoring/alerting/incidents/0.mtdi83m6w8ao?project=xxxxxxxxxxxxxxxxxxxxxxxx",
                "Cloud Monitoring incident"));
    }

    @Test
    void userAndResourceLabelsAreKept() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "gcp-1.2-open-noincidentid-severity-edge.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("team", "batch").containsEntry("resource.zone", "asia-northeast1-b")
                .containsEntry("metric.instance_name", "batch-02");
    }

    @Test
    void anIncidentWithoutAnyHostLabelHasNoHost() throws IOException {
        Alert a = one(normalizer, "{\"incident\":{\"incident_id\":\"0.a\",\"state\":\"open\",\"policy_name\":\"lb latency\","
                + "\"resource\":{\"type\":\"https_lb_rule\",\"labels\":{\"project_id\":\"p\"}},\"started_at\":1700000000}}");

        assertThat(a.resource().host()).isNull();
        assertThat(a.name()).isEqualTo("lb latency");
        assertThat(a.source().instance()).isEqualTo("p");
    }

    @Test
    void missingIncidentIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"version\":\"1.2\",\"incident\":\"open\"}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("gcp-monitoring payload lacks required field(s): incident")
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("incident", "is required")));
    }

    @Test
    void missingOrUnknownStateIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"incident\":{\"incident_id\":\"0.a\"}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("gcp-monitoring payload lacks required field(s): incident.state");
        assertThatThrownBy(() -> one(normalizer, "{\"incident\":{\"state\":\"acknowledged\"}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("gcp-monitoring payload: incident.state: unknown value \"acknowledged\" "
                        + "(expected \"open\" or \"closed\")");
    }

    @Test
    void oddlyTypedFieldsAreToleratedNotCast() throws IOException {
        Alert a = one(normalizer, "{\"incident\":{\"state\":\"closed\",\"incident_id\":12,\"started_at\":\"1700000000000\","
                + "\"ended_at\":[1],\"resource\":[\"x\"],\"metric\":\"cpu\",\"condition\":{\"conditionThreshold\":7},"
                + "\"metadata\":{\"user_labels\":[1]},\"summary\":{\"t\":1}}}");

        assertThat(a.fingerprint()).isEqualTo("12");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
        assertThat(a.endsAt()).isNull();
        assertThat(a.resource().host()).isNull();
        assertThat(a.summary()).isNull();
    }
}
