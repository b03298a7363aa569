package io.alerthub.normalize;

import static io.alerthub.normalize.NormalizerFixtures.assertEveryFixtureListed;
import static io.alerthub.normalize.NormalizerFixtures.assertInstant;
import static io.alerthub.normalize.NormalizerFixtures.fixture;
import static io.alerthub.normalize.NormalizerFixtures.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Azure Monitor common alert schema mapping, direct and wrapped by Azure Automation, fixture by fixture. */
class AzureMonitorNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIR = "/fixtures/azure-monitor/";
    private static final String DOCS_ALERT =
            "/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e";
    private static final String GABC_ALERT = "/subscriptions/281a530a-b953-406d-beb7-59884b6efb86/providers/"
            + "Microsoft.AlertsManagement/alerts/c8e3f7b8-96c8-4ea2-a9fe-4de4074036ce";
    private static final String EDGE_ALERT = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/"
            + "Microsoft.AlertsManagement/alerts/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    private final AzureMonitorNormalizer normalizer = new AzureMonitorNormalizer();

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
                new Expected("azure-common-metric-fired-zulip.json", "wcus-r2-gen2", "WCUS-R2-Gen2", AlertStatus.FIRING,
                        Severity.INFO, "Sev3", DOCS_ALERT, DOCS_ALERT + ":Fired", "<subscription ID>",
                        "2019-03-22T13:58:24.3713213Z", null),
                new Expected("azure-common-metric-resolved-msdocs.json", "wcus-r2-gen2", "WCUS-R2-Gen2",
                        AlertStatus.RESOLVED, Severity.INFO, "Sev3", DOCS_ALERT, DOCS_ALERT + ":Resolved",
                        "<subscription ID>", "2019-03-22T13:58:24.3713213Z", "2019-03-22T14:03:16.2246313Z"),
                new Expected("azure-common-metric-resolved-automation-webhookdata-gabc2019.json", "gabc-alerts-2019-api",
                        "More than 2 seconds CPU", AlertStatus.RESOLVED, Severity.INFO, "Sev3", GABC_ALERT,
                        GABC_ALERT + ":Resolved", "281a530a-b953-406d-beb7-59884b6efb86",
                        "2019-04-24T11:19:18.5412422Z", "2019-04-24T11:35:30.9540876Z"),
                new Expected("azure-common-log-fired-webhookdata-nohost-edge.json", null, "ディスク空き容量 不足",
                        AlertStatus.FIRING, Severity.ERROR, "Sev1", EDGE_ALERT, EDGE_ALERT + ":Fired",
                        "11111111-2222-3333-4444-555555555555", "2024-05-01T01:02:03.456Z", null));
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
        assertThat(a.source().format()).isEqualTo("azure-monitor");
        assertThat(a.source().instance()).as("source.instance").isEqualTo(e.instance());
        assertInstant(a.startsAt(), e.startsAt(), "startsAt");
        assertInstant(a.endsAt(), e.endsAt(), "endsAt");
    }

    @Test
    void everyFixtureOfTheFormatHasExpectedValues() throws IOException, URISyntaxException {
        assertEveryFixtureListed(DIR, fixtures().map(Expected::fixture).toList());
    }

    @Test
    void metricAlertWithoutDescriptionIsSummarisedFromItsCondition() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "azure-common-metric-fired-zulip.json")).alerts().get(0);

        assertThat(a.summary()).isEqualTo("WCUS-R2-Gen2 Fired: Percentage CPU GreaterThan 25 (value 31.1105)");
        assertThat(a.description()).isNull();
        assertThat(a.labels()).containsEntry("resourceGroup", "pipelinealertrg")
                .containsEntry("resourceType", "microsoft.compute/virtualmachines")
                .containsEntry("signalType", "Metric").containsEntry("metricName", "Percentage CPU");
    }

    @Test
    void customPropertiesBecomeLabels() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "azure-common-metric-resolved-msdocs.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("Key1", "Value1").containsEntry("Key2", "Value2");
    }

    @Test
    void automationWrapperWithTheAlertAsAJsonStringIsUnwrapped() throws IOException {
        Alert a = normalizer.normalize(
                fixture(DIR, "azure-common-metric-resolved-automation-webhookdata-gabc2019.json")).alerts().get(0);

        assertThat(a.labels()).containsEntry("webhookName", "Alert1556104627331")
                .containsEntry("resourceGroup", "gabc-azurealerts").containsEntry("metricName", "CpuTime");
    }

    @Test
    void wrappedLogAlertKeepsJapaneseTextAndCustomPropertiesAndHasNoHost() throws IOException {
        Alert a = normalizer.normalize(fixture(DIR, "azure-common-log-fired-webhookdata-nohost-edge.json")).alerts().get(0);

        assertThat(a.description()).isEqualTo("空き容量が 10% 未満のボリュームがあります");
        assertThat(a.summary()).isEqualTo("空き容量が 10% 未満のボリュームがあります");
        assertThat(a.labels()).containsEntry("team", "infra").containsEntry("webhookName", "nightly-runbook");
        assertThat(a.links()).hasSize(1);
    }

    @Test
    void theSameAlertDirectOrWrappedGivesTheSameDraftApartFromTheWebhookName() throws IOException {
        JsonNode wrapper = fixture(DIR, "azure-common-metric-resolved-automation-webhookdata-gabc2019.json");
        JsonNode direct = MAPPER.readTree(wrapper.get("RequestBody").asText());

        Alert viaAutomation = normalizer.normalize(wrapper).alerts().get(0);
        Alert posted = normalizer.normalize(direct).alerts().get(0);

        assertThat(viaAutomation.labels()).containsAllEntriesOf(posted.labels());
        assertThat(viaAutomation.fingerprint()).isEqualTo(posted.fingerprint());
        assertThat(viaAutomation.resource()).isEqualTo(posted.resource());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Sev0, CRITICAL", "Sev1, ERROR", "Sev2, WARNING", "Sev3, INFO", "Sev4, INFO", "sev 2, WARNING",
            "Verbose, "})
    void sevZeroToFourMapToTheHubScale(String raw, Severity expected) throws IOException {
        ObjectNode payload = (ObjectNode) fixture(DIR, "azure-common-metric-fired-zulip.json");
        ((ObjectNode) payload.get("data").get("essentials")).put("severity", raw);

        Alert a = normalizer.normalize(payload).alerts().get(0);

        assertThat(a.severity()).isEqualTo(expected);
        assertThat(a.rawSeverity()).isEqualTo(raw);
    }

    @Test
    void missingEssentialsIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{\"essentials\":[]}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("azure-monitor payload lacks required field(s): data.essentials")
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("data.essentials", "is required")));
    }

    @Test
    void missingMonitorConditionIsRejectedNamingTheField() {
        assertThatThrownBy(() -> one(normalizer, "{\"data\":{\"essentials\":{\"alertRule\":\"r\"}}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("azure-monitor payload lacks required field(s): data.essentials.monitorCondition");
    }

    @Test
    void anotherSchemaIsRejectedQuotingIt() {
        assertThatThrownBy(() -> one(normalizer, "{\"schemaId\":\"AzureMonitorMetricAlert\",\"data\":{}}"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("azure-monitor payload: schemaId: unsupported schema \"AzureMonitorMetricAlert\" "
                        + "(expected \"azureMonitorCommonAlertSchema\")");
    }

    @Test
    void aRequestBodyThatIsNotJsonIsRejectedNamingIt() {
        assertThatThrownBy(() -> one(normalizer, "{\"WebhookName\":\"w\",\"RequestBody\":\"{not json\"}"))
                .isInstanceOf(InvalidPayloadException.class)
                .extracting(ex -> ((InvalidPayloadException) ex).problems())
                .isEqualTo(List.of(new FieldProblem("RequestBody", "must be a JSON object, got string")));
    }

    @Test
    void oddlyTypedFieldsAreToleratedNotCast() throws IOException {
        Alert a = one(normalizer, "{\"data\":{\"essentials\":{\"monitorCondition\":\"Fired\",\"alertId\":5,"
                + "\"alertTargetIDs\":\"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-9\","
                + "\"configurationItems\":[{\"name\":\"x\"}],\"firedDateTime\":[],\"severity\":3},"
                + "\"alertContext\":\"not an object\",\"customProperties\":[1,2]}}");

        assertThat(a.resource().host()).isEqualTo("vm-9");
        assertThat(a.fingerprint()).isEqualTo("5");
        assertThat(a.severity()).isEqualTo(Severity.INFO);
        assertThat(a.startsAt()).isNull();
        assertThat(a.source().instance()).isEqualTo("s1");
    }
}
