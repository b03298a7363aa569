package io.alerthub.normalize;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;

/** EventBridge events delivered straight to the hub (format eventbridge), one row per fixture. */
class EventBridgeNormalizerTest {
    private final CustomerRegistry customers = Mockito.mock(CustomerRegistry.class);
    private final EventBridgeNormalizer normalizer = new EventBridgeNormalizer(customers);

    record Row(String fixture, String name, AlertStatus status, Severity severity, String host, String fingerprint) {
    }

    static Stream<Row> rows() {
        String alarm = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh";
        return Stream.of(
                new Row("cloudwatch-alarm-state-change-ALARM-awsdocs.json", "ServerCpuTooHigh", FIRING, Severity.ERROR,
                        "i-12345678901234567", alarm),
                new Row("cloudwatch-alarm-state-change-OK.json", "ServerCpuTooHigh", RESOLVED, Severity.ERROR,
                        "i-12345678901234567", alarm),
                new Row("cloudwatch-alarm-state-change-INSUFFICIENT_DATA.json", "ServerCpuTooHigh", FIRING, Severity.INFO,
                        "i-12345678901234567", alarm),
                new Row("aws-health-ec2-issue-awsdocs.json", "AWS_EC2_OPERATIONAL_ISSUE", FIRING, Severity.ERROR,
                        "i-abcd1111", "arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/"
                                + "AWS_EC2_OPERATIONAL_ISSUE_7f35c8ae-af1f-54e6-a526-d0179ed6d68f"),
                new Row("ec2-instance-state-change-stopped-awsdocs.json", "EC2 instance not running", FIRING, Severity.ERROR,
                        "i-1234567890abcdef0", "arn:aws:ec2:ap-northeast-1:123456789012:instance/i-1234567890abcdef0"),
                new Row("guardduty-finding-ssh-bruteforce-awsdocs.json", "UnauthorizedAccess:EC2/SSHBruteForce", FIRING,
                        Severity.ERROR, "i-99999999", "arn:aws:guardduty:us-east-1:123456789012:detector/"
                                + "123456789012345678901234567890/finding/16afba5c5c43e07c9e3e5e2e544e95df"),
                new Row("other-codepipeline-state-change.json", "CodePipeline Pipeline Execution State Change", FIRING,
                        Severity.INFO, null, "CodePipeline Pipeline Execution State Change|"
                                + "arn:aws:codepipeline:ap-northeast-1:123456789012:myPipeline"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void fixtureGivesTheExpectedAlert(Row row) throws IOException {
        Mockito.when(customers.find("acme")).thenReturn(Optional.empty());
        JsonNode event = fixture(row.fixture());
        NormalizedPayload p = normalizer.normalize(event, "acme");
        assertThat(p.alerts()).hasSize(1);
        Alert a = p.alerts().get(0);
        assertThat(a.name()).isEqualTo(row.name());
        assertThat(a.status()).isEqualTo(row.status());
        assertThat(a.severity()).isEqualTo(row.severity());
        assertThat(a.resource().host()).isEqualTo(row.host());
        assertThat(a.fingerprint()).isEqualTo(row.fingerprint());
        assertThat(a.source().format()).isEqualTo("eventbridge");
        assertThat(a.source().eventId()).isEqualTo(event.path("id").asText());
        assertThat(p.eventId()).isEqualTo(event.path("id").asText());
    }

    @Test
    void everyFixtureIsInTheTable() throws IOException {
        assertThat(rows().map(Row::fixture).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(AlertmanagerNormalizerTest.fixtureNames("eventbridge"));
    }

    @Test
    void guardDutyFindingKeepsTitleTypeAndCount() throws IOException {
        Alert a = normalizer.normalize(fixture("guardduty-finding-ssh-bruteforce-awsdocs.json")).alerts().get(0);
        assertThat(a.summary()).isEqualTo("198.51.100.0 is performing SSH brute force attacks against i-99999999.");
        assertThat(a.rawSeverity()).isEqualTo("8");
        assertThat(a.labels()).containsEntry("guardduty.findingType", "UnauthorizedAccess:EC2/SSHBruteForce");
        assertThat(a.annotations()).containsEntry("count", "20");
    }

    @Test
    void anEventWithoutDetailTypeOrSourceNamesBoth() {
        assertThatThrownBy(() -> normalizer.normalize(new ObjectMapper().readTree("{\"detail\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("detail-type", "source"));
    }

    @Test
    void aPendingInstanceIsStillKeptAsAnInfoAlert() throws IOException {
        String pending = "{\"id\":\"p-1\",\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\","
                + "\"detail\":{\"instance-id\":\"i-1\",\"state\":\"pending\"}}";
        Alert a = NormalizerFixtures.one(normalizer, pending);
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.name()).isEqualTo("EC2 Instance State-change Notification");
    }

    private static JsonNode fixture(String name) throws IOException {
        return AlertmanagerNormalizerTest.fixture("eventbridge", name);
    }
}
