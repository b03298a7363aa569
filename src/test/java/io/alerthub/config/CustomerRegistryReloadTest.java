package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

/** A running hub follows edits of its customers directory: picked up, kept on error, added and removed. */
class CustomerRegistryReloadTest {
    static final String ACME = """
            id: acme
            name: %s
            ingest:
              auth:
                - type: bearer
                  token: { env: ACME_TOKEN }
                - type: hmac
                  secret: { file: hmac.secret }
            """;
    static final String BRAVO = """
            id: bravo
            name: Bravo Ltd
            ingest:
              auth:
                - type: bearer
                  token: { env: BRAVO_TOKEN }
            """;

    @TempDir
    Path tmp;
    Path customers;
    CustomerRegistry registry;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<CustomerConfigChanged> heard = new CopyOnWriteArrayList<>();
    List<Object> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHubWithAcme() throws IOException {
        customers = tmp.resolve("customers");
        write("acme/customer.yaml", ACME.formatted("ACME Industries"));
        write("acme/hmac.secret", "first-hmac-secret\n");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("ACME_TOKEN", "acme-token").withProperty("BRAVO_TOKEN", "bravo-token");
        registry = new CustomerRegistry(new CustomerRegistryProperties(customers.toString(), Duration.ofMillis(50)),
                environment, published::add, meters);
        registry.addListener(heard::add);
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop();
    }

    @Test
    void anEditedFileIsPickedUpAndAnnounced() throws IOException {
        write("acme/customer.yaml", ACME.formatted("ACME Holdings"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.find("acme")).map(CustomerConfig::name).hasValue("ACME Holdings"));
        assertThat(heard).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(CustomerConfigChanged.Kind.UPDATED);
            assertThat(change.previous().name()).isEqualTo("ACME Industries");
            assertThat(change.current().name()).isEqualTo("ACME Holdings");
        });
        assertThat(published).containsExactlyElementsOf(heard);
    }

    @Test
    void aBrokenEditKeepsTheLastGoodProfileAndIsReportedUntilFixed() throws IOException {
        String file = customers + "/acme/customer.yaml";
        write("acme/customer.yaml", ACME.formatted("ACME Broken") + "contacts: [ops@acme.example]\nlocale: fr\n");

        List<String> expected = List.of(
                file + ":9: unknown key \"contacts\" (valid: \"alertClasses\", \"correlation\", \"department\", \"escalation\", \"flapping\", \"hosts\", \"id\", \"incidents\", \"ingest\", \"inhibitHostDown\", \"inhibitRules\", \"locale\", \"mail\", \"muteTimeIntervals\", \"name\", \"notifications\", \"quietHours\", \"scenarios\", \"silences\", \"sns\", \"tier\", \"timeZone\")",
                file + ":10: locale: unknown value \"fr\" (valid: \"ja\", \"en\")");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.currentErrors()).containsExactlyElementsOf(expected));
        assertThat(registry.find("acme")).map(CustomerConfig::name).hasValue("ACME Industries");
        assertThat(meters.get("alerthub.customer.config.errors").gauge().value()).isEqualTo(2.0);
        Health health = new CustomersHealthIndicator(registry).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("customers", 1).containsEntry("errorCount", 2)
                .containsEntry("errors", Map.of(file, expected));
        assertThat(heard).isEmpty();

        write("acme/customer.yaml", ACME.formatted("ACME Fixed"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.find("acme")).map(CustomerConfig::name).hasValue("ACME Fixed"));
        assertThat(registry.currentErrors()).isEmpty();
        assertThat(meters.get("alerthub.customer.config.errors").gauge().value()).isZero();
        assertThat(new CustomersHealthIndicator(registry).health().getDetails()).doesNotContainKey("errors");
    }

    @Test
    void aNewFolderIsAddedAndARemovedFolderIsRemoved() throws IOException {
        write("bravo/customer.yaml", BRAVO);

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("bravo").isPresent());
        assertThat(registry.all()).extracting(CustomerConfig::id).containsExactly("acme", "bravo");

        deleteFolder("acme");

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("acme").isEmpty());
        assertThat(registry.all()).extracting(CustomerConfig::id).containsExactly("bravo");
        assertThat(heard).extracting(CustomerConfigChanged::customerId, CustomerConfigChanged::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bravo", CustomerConfigChanged.Kind.ADDED),
                org.assertj.core.groups.Tuple.tuple("acme", CustomerConfigChanged.Kind.REMOVED));
    }

    @Test
    void aNewBrokenFolderStaysOutOfServiceAndItsErrorsLeaveWithIt() throws IOException {
        write("charlie/customer.yaml", "id: charlie\nname: Charlie\n");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.currentErrors())
                .containsExactly(customers + "/charlie/customer.yaml: ingest: is required"));
        assertThat(registry.find("charlie")).isEmpty();

        deleteFolder("charlie");

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.currentErrors().isEmpty());
        assertThat(heard).isEmpty();
    }

    @Test
    void aRotatedSecretFileIsPickedUpThoughCustomerYamlIsUnchanged() throws IOException {
        write("acme/hmac.secret", "second-hmac-secret\n");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.find("acme")
                .map(c -> c.ingest().auth().get(1).secret().matches("second-hmac-secret"))).hasValue(true));
        assertThat(heard).extracting(CustomerConfigChanged::kind).containsExactly(CustomerConfigChanged.Kind.UPDATED);
    }

    @Test
    void aVanishedDirectoryKeepsEveryCustomerInService() throws IOException {
        Files.move(customers, tmp.resolve("customers-moved"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.currentErrors()).singleElement()
                .asString().startsWith(customers + ": customers directory does not exist"));
        assertThat(registry.find("acme")).isPresent();
    }

    private void write(String relative, String content) throws IOException {
        Path file = customers.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void deleteFolder(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(customers.resolve(folder))) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
