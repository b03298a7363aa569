package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.IngestMapping;
import io.alerthub.ingest.ParsedPayload;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.support.ProblemException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.mock.env.MockEnvironment;

/**
 * A customer's own formats (ingest.mappings) over payloads built from the senders' documentation
 * (fixtures/mappings/README.md): each field read by its JSONPath, repeats and recoveries fold by the mapped fingerprint,
 * a payload the mapping cannot read becomes an alert a person reads, and a built-in name always means the built-in.
 */
class MappedNormalizerTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/mappings");
    static final ObjectMapper JSON = new ObjectMapper();
    final CustomerRegistry customers = new CustomerRegistry(new CustomerRegistryProperties(
            "src/test/resources/customers-fixtures/mappings-valid", Duration.ZERO),
            new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
    final AlertNormalizers normalizers = new AlertNormalizers(List.of(new GenericNormalizer(),
            new AlertmanagerNormalizer()), new AlertFinisher(new AlertClassifier(), customers), customers);

    @Test
    void uptimeKumaDownAndUpFoldIntoOneIncidentOnTheAliasedHost() throws IOException {
        Alert down = one("uptime-kuma", "uptime-kuma-down.json");
        Alert up = one("uptime-kuma", "uptime-kuma-up.json");

        assertThat(down.name()).isEqualTo("ACME shop");
        assertThat(down.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(up.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(down.resource().host()).isEqualTo("web-01.acme.example");
        assertThat(down.summary()).isEqualTo("[ACME shop] [🔴 Down] connect ECONNREFUSED 10.0.0.11:443");
        assertThat(down.labels()).containsEntry("monitorType", "http").containsEntry("url", "https://www.acme.example/");
        assertThat(down.fingerprint()).isEqualTo("uptime-kuma:7").isEqualTo(up.fingerprint());
        assertThat(down.source().format()).isEqualTo("uptime-kuma");
        assertThat(down.severity()).as("no severity mapped: the hub's default").isEqualTo(Severity.WARNING);
    }

    @Test
    void site24x7StatusAndSeverityComeFromTheTablesAndTheHostFromAHostLabel() throws IOException {
        Alert down = one("site24x7", "site24x7-down.json");
        Alert up = one("site24x7", "site24x7-up.json");

        assertThat(down.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.rawSeverity()).isEqualTo("DOWN");
        assertThat(up.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(down.resource().service()).isEqualTo("URL");
        assertThat(down.summary()).isEqualTo("Connection timed out");
        // no host path: ingest.hostLabels [node, hostname] finds "www", an alias of web-01
        assertThat(down.resource().host()).isEqualTo("web-01");
        assertThat(down.fingerprint()).isEqualTo("site24x7:131700000000123").isEqualTo(up.fingerprint());
    }

    @Test
    void aStateTheMappingDoesNotNameStillBecomesAnAlertForAPerson() throws IOException {
        Alert a = one("site24x7", "site24x7-maintenance.json");

        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.alertClass()).isEqualTo("unknown");
        assertThat(a.name()).isEqualTo("site24x7 alert the mapping could not read");
        assertThat(a.summary()).isEqualTo("ingest.mappings.site24x7 could not read this payload: status: value"
                + " \"MAINTENANCE\" at $.STATUS is neither firing [DOWN, TROUBLE, CRITICAL] nor resolved [UP]");
        assertThat(a.description()).contains("\"MONITORNAME\":\"ACME API\"");
        assertThat(a.labels()).containsEntry("mapping", "site24x7");
    }

    @Test
    void aPayloadOfAnotherShapeStillBecomesAnAlertForAPerson() {
        Alert a = normalize("uptime-kuma", "{\"text\":\"something happened\"}").alerts().get(0);

        assertThat(a.alertClass()).isEqualTo("unknown");
        assertThat(a.summary()).isEqualTo("ingest.mappings.uptime-kuma could not read this payload: name:"
                + " $.monitor.name found nothing; status: $.heartbeat.status found nothing");
        assertThat(a.description()).isEqualTo("{\"text\":\"something happened\"}");
    }

    @Test
    void onePayloadMayCarrySeveralAlertsAndAnEventId() throws IOException {
        Delivery d = normalize("erp-batch", Files.readString(FIXTURES.resolve("erp-batch.json")));

        assertThat(d.eventId()).isEqualTo("d-20261208-0001");
        assertThat(d.alerts()).extracting(Alert::name).containsExactly("nightly-invoice-export", "stock-sync");
        assertThat(d.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(d.alerts()).extracting(Alert::severity).containsExactly(Severity.CRITICAL, Severity.WARNING);
        assertThat(d.alerts()).extracting(Alert::rawSeverity).containsExactly("P1", "P3");
        assertThat(d.alerts()).extracting(a -> a.resource().host()).containsExactly("db-01", "db-01");
    }

    @Test
    void hostLabelsApplyToEveryFormatAndPreferAKnownHost() {
        Alert a = normalize("generic", "{\"status\":\"firing\",\"name\":\"NodeDown\","
                + "\"labels\":{\"node\":\"k8s-node-7\",\"hostname\":\"www:9100\"}}").alerts().get(0);
        Alert unknown = normalize("generic", "{\"status\":\"firing\",\"name\":\"NodeDown\","
                + "\"labels\":{\"node\":\"k8s-node-7\"}}").alerts().get(0);
        Alert named = normalize("generic", "{\"status\":\"firing\",\"name\":\"NodeDown\","
                + "\"resource\":{\"host\":\"db-01\"},\"labels\":{\"hostname\":\"www\"}}").alerts().get(0);

        assertThat(a.resource().host()).as("www is an alias of web-01; the port is ignored").isEqualTo("web-01");
        assertThat(unknown.resource().host()).as("no known host: the first label present").isEqualTo("k8s-node-7");
        assertThat(named.resource().host()).as("the alert's own host wins").isEqualTo("db-01");
    }

    @Test
    void aFormatNeitherBuiltInNorMappedIsA404NamingTheCustomersFormats() {
        assertThatThrownBy(() -> normalize("nagios-xi", "{}")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("unknown format \"nagios-xi\" (known: alertmanager, erp-batch, "
                    + "generic, site24x7, uptime-kuma)");
        });
    }

    @Test
    void theBuiltInNamesAMappingMayNotTakeAreExactlyTheHubsNormalizers() throws ReflectiveOperationException {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(AlertNormalizer.class));
        List<String> formats = new ArrayList<>();
        for (BeanDefinition candidate : scan.findCandidateComponents("io.alerthub.normalize")) {
            Constructor<?> constructor = Class.forName(candidate.getBeanClassName()).getConstructors()[0];
            Object[] none = new Object[constructor.getParameterCount()];
            formats.add(((AlertNormalizer) constructor.newInstance(none)).format());
        }
        assertThat(IngestMapping.BUILT_IN_FORMATS).containsExactlyInAnyOrderElementsOf(formats);
    }

    Alert one(String format, String fixture) throws IOException {
        Delivery d = normalize(format, Files.readString(FIXTURES.resolve(fixture)));
        assertThat(d.alerts()).hasSize(1);
        return d.alerts().get(0);
    }

    Delivery normalize(String format, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        RawPayload raw = new RawPayload("raw-1", "acme", "webhook", format, "application/json", Instant.EPOCH, bytes);
        try {
            return normalizers.normalize(new ParsedPayload(raw, JSON.readTree(bytes)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
