package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * A customer's own formats ({@code ingest.mappings}) and host labels ({@code ingest.hostLabels}) in customer.yaml as a
 * user writes them: a valid section is bound as written; a bad JSONPath, a name taken by a built-in format or an
 * invalid one, and missing parts are each reported with file, line, path and the quoted value.
 */
class IngestMappingTest {

    @Test
    void aValidSectionIsBoundAsWritten() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                QuietHoursConfigTest.FIXTURES.resolve("mappings-valid").toString(), Duration.ZERO),
                new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
        IngestConfig ingest = registry.find("acme").orElseThrow().ingest();

        assertThat(ingest.hostLabels()).containsExactly("node", "hostname");
        assertThat(ingest.mappings()).containsOnlyKeys("uptime-kuma", "site24x7", "erp-batch");
        IngestMapping site = ingest.mapping("site24x7").orElseThrow();
        assertThat(site.status().firing()).containsExactly("DOWN", "TROUBLE", "CRITICAL");
        assertThat(site.severity().of("trouble")).isEqualTo(Severity.WARNING);
        assertThat(site.severity().of("info")).as("a severity word the map does not name").isEqualTo(Severity.INFO);
        assertThat(site.severity().of("MAINTENANCE")).isNull();
        assertThat(site.labels()).containsEntry("url", "$.MONITORURL");
        assertThat(ingest.mapping("grafana")).isEmpty();
    }

    @Test
    void badPathsAndNamesAreReportedWithTheQuotedValue() {
        assertThat(QuietHoursConfigTest.errorsOf("mappings-invalid")).containsExactly(
                "customers/acme/customer.yaml:8: ingest.mappings.grafana: format \"grafana\" is built in: a mapping"
                        + " needs a name of its own (built in: " + String.join(", ", IngestMapping.BUILT_IN_FORMATS)
                        + ")",
                "customers/acme/customer.yaml:11: ingest.mappings[\"Acme ERP\"]: invalid format name \"Acme ERP\""
                        + " (valid: lower-case letters, digits and \"-\", starting with a letter or digit, at most 63"
                        + " characters)",
                "customers/acme/customer.yaml:15: ingest.mappings.erp-batch.name: invalid JSONPath \"job\" (must start"
                        + " with \"$\", e.g. \"$.host\")",
                "customers/acme/customer.yaml:17: ingest.mappings.erp-batch.status.path: invalid JSONPath"
                        + " \"$..[?(@.x ==\" (Could not parse token starting at position 3. Expected ?, ', 0-9, *)",
                "customers/acme/customer.yaml:18: ingest.mappings.erp-batch.fingerprint[1]: invalid JSONPath \"$.a b\""
                        + " (Use bracket notion ['my prop'] if your property contains blank characters. position: 2)",
                "customers/acme/customer.yaml:20: ingest.mappings.erp-batch.labels.team: invalid JSONPath"
                        + " \"$..owner.[\" (cannot be parsed)");
    }

    @Test
    void missingPartsAreReportedByName() {
        assertThat(QuietHoursConfigTest.errorsOf("mappings-missing")).containsExactly(
                "customers/acme/customer.yaml:7: ingest.hostLabels[1]: is required",
                "customers/acme/customer.yaml:9: ingest.mappings.erp-batch.name: is required",
                "customers/acme/customer.yaml:11: ingest.mappings.erp-batch.status.firing: must list at least one value",
                "customers/acme/customer.yaml:12: ingest.mappings.site24x7.status: is required");
    }

    @Test
    void aSeverityThatIsNoneOfTheFourIsReportedWhenParsing() {
        assertThat(QuietHoursConfigTest.errorsOf("mappings-wrong-shapes")).singleElement().asString()
                .startsWith("customers/acme/customer.yaml:11: ingest.mappings.erp-batch.severity.map.P1: ")
                .contains("\"critical\", \"error\", \"warning\", \"info\"");
    }
}
