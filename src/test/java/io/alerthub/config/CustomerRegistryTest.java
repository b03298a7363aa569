package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/**
 * customer.yaml as a user writes it: the valid fixture binds every key, and each invalid fixture folder
 * ({@code customers-fixtures/<case>/}) yields exactly the listed messages, shown as they are when the customers
 * directory is the default {@code customers}.
 */
class CustomerRegistryTest {
    static final Path FIXTURES = Path.of("src/test/resources/customers-fixtures");

    static MockEnvironment environment() {
        return new MockEnvironment()
                .withProperty("ACME_TOKEN", "acme-token")
                .withProperty("BRAVO_TOKEN", "bravo-token")
                .withProperty("COPIED_FROM_ACME", "acme-token");
    }

    static CustomerRegistry registry(String fixture) {
        return new CustomerRegistry(new CustomerRegistryProperties(FIXTURES.resolve(fixture).toString(), Duration.ZERO),
                environment(), null, null);
    }

    /** The messages a fixture folder produces, with the folder shown as the default {@code customers}. */
    static List<String> errorsOf(String fixture) {
        CustomerConfigLoader loader = new CustomerConfigLoader(FIXTURES.resolve(fixture), "customers",
                new SecretResolver(environment()));
        List<ConfigError> errors = new ArrayList<>();
        loader.loadAll(errors);
        return errors.stream().map(ConfigError::toString).toList();
    }

    @Test
    void validFixtureBindsEveryKeyAndFillsDefaults() {
        CustomerRegistry registry = registry("valid");

        assertThat(registry.all()).extracting(CustomerConfig::id)
                .as("hidden folders and plain files are not customers").containsExactly("acme", "bravo");
        assertThat(registry.currentErrors()).isEmpty();

        CustomerConfig acme = registry.find("acme").orElseThrow();
        assertThat(acme.name()).isEqualTo("ACME Industries");
        assertThat(acme.locale()).isEqualTo(CustomerLocale.EN);
        assertThat(acme.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(acme.ingest().maxBodyBytesOverride()).hasValue(262144);
        assertThat(acme.ingest().auth()).hasSize(2);
        BearerCredential bearer = (BearerCredential) acme.ingest().auth().get(0);
        assertThat(bearer.token().matches("acme-token")).isTrue();
        assertThat(bearer.token().source()).isEqualTo("env ACME_TOKEN");
        HmacCredential hmac = (HmacCredential) acme.ingest().auth().get(1);
        assertThat(hmac.secret().matches("acme-hmac-secret")).as("file secret, final newline dropped").isTrue();
        assertThat(hmac.header()).isEqualTo("X-Acme-Signature");
        assertThat(hmac.timestampHeader()).isEqualTo(HmacCredential.DEFAULT_TIMESTAMP_HEADER);
        assertThat(acme.hosts()).extracting(HostConfig::id).containsExactly("web-1", "db-1");
        assertThat(acme.host("web01")).map(HostConfig::id).hasValue("web-1");
        assertThat(acme.host("WEB-1.ACME.EXAMPLE")).map(HostConfig::address).hasValue("10.0.0.5");
        assertThat(acme.host("db-1")).map(HostConfig::aliases).hasValue(List.of());
        assertThat(acme.alertClasses()).hasSize(2);
        assertThat(acme.alertClasses().get(1).alertClass()).isEqualTo("disk_usage");
        assertThat(acme.alertClasses().get(1).labels()).containsEntry("app.kubernetes.io/name", "^(postgres|mysql)$");

        CustomerConfig bravo = registry.find("bravo").orElseThrow();
        assertThat(bravo.name()).isEqualTo("ブラボー株式会社");
        assertThat(bravo.locale()).isEqualTo(CustomerLocale.EN);
        assertThat(bravo.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(bravo.hosts()).isEmpty();
        assertThat(bravo.alertClasses()).isEmpty();
        assertThat(bravo.ingest().maxBodyBytesOverride()).isEmpty();

        assertThat(registry.find("charlie")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    static Stream<Arguments> invalidFixtures() {
        return Stream.of(
                arguments("unknown-type", List.of(
                        "customers/acme/customer.yaml:5: ingest.auth[0].type: unknown type \"token\" (valid: \"bearer\", \"hmac\")")),
                arguments("unknown-keys", List.of(
                        "customers/acme/customer.yaml:3: unknown key \"contacts\" (valid: \"alertClasses\", \"correlation\", \"department\", \"escalation\", \"flapping\", \"hosts\", \"id\", \"incidents\", \"ingest\", \"inhibitHostDown\", \"inhibitRules\", \"locale\", \"mail\", \"muteTimeIntervals\", \"name\", \"notifications\", \"quietHours\", \"scenarios\", \"silences\", \"sns\", \"tier\", \"timeZone\")",
                        "customers/acme/customer.yaml:7: ingest.auth[0].token: unknown key \"fallback\" (valid: \"env\", \"file\")",
                        "customers/acme/customer.yaml:9: ingest.auth[1]: unknown key \"signatureHeader\" (valid: \"header\", \"secret\", \"timestampHeader\", \"type\")",
                        "customers/acme/customer.yaml:11: ingest.auth[2]: unknown key \"tokn\" (valid: \"token\", \"type\")",
                        "customers/acme/customer.yaml:14: hosts[0]: unknown key \"port\" (valid: \"address\", \"aliases\", \"hostKey\", \"id\", \"privateKey\", \"sshPort\", \"sshUser\")")),
                arguments("inline-secret", List.of(
                        "customers/acme/customer.yaml:6: ingest.auth[0].token: inline secret not allowed, use a reference {env: NAME} or {file: path}",
                        "customers/acme/customer.yaml:8: ingest.auth[1].secret: inline secret not allowed, use a reference {env: NAME} or {file: path}",
                        "customers/acme/customer.yaml:9: ingest.auth[2].secret: inline secret not allowed, use a reference {env: NAME} or {file: path}")),
                arguments("wrong-shapes", List.of(
                        "customers/acme/customer.yaml:3: locale: unknown value \"fr\" (valid: \"ja\", \"en\")",
                        "customers/acme/customer.yaml:4: timeZone: unknown time zone \"Asia/Tokio\" (valid: a region id such as \"Asia/Tokyo\", \"UTC\" or an offset such as \"+09:00\")",
                        "customers/acme/customer.yaml:7: ingest.auth[0]: missing key \"type\" (valid: \"bearer\", \"hmac\")",
                        "customers/acme/customer.yaml:8: ingest.maxBodyBytes: invalid number \"1MB\"",
                        "customers/acme/customer.yaml:9: hosts: expected a list, got a mapping",
                        "customers/acme/customer.yaml:11: alertClasses: expected a list, got \"disk_usage\"")),
                arguments("constraints", List.of(
                        "customers/acme/customer.yaml:1: id: invalid id \"ACME_1\" (valid: lower-case letters, digits and \"-\", starting with a letter or digit, at most 63 characters)",
                        "customers/acme/customer.yaml:2: name: is required",
                        "customers/acme/customer.yaml:4: ingest.auth: must list at least one credential",
                        "customers/acme/customer.yaml:5: ingest.maxBodyBytes: must be positive, got 0",
                        "customers/acme/customer.yaml:7: hosts[0].id: invalid host id \"web 1\" (valid: letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit)",
                        "customers/acme/customer.yaml:8: hosts[0].address: invalid address \"10.0.0.5 web\" (valid: an ip address or dns name, no spaces)",
                        "customers/acme/customer.yaml:9: hosts[0].aliases[0]: invalid alias \"-web\" (valid: letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit)",
                        "customers/acme/customer.yaml:10: hosts[1]: is required")),
                arguments("missing-keys", List.of(
                        "customers/acme/customer.yaml: name: is required",
                        "customers/acme/customer.yaml:4: ingest.auth[0].token: is required",
                        "customers/acme/customer.yaml:5: ingest.auth[1].secret: is required")),
                arguments("cross-references", List.of(
                        "customers/acme/customer.yaml:1: id: id \"acme-corp\" must equal its folder name \"acme\"",
                        "customers/acme/customer.yaml:6: ingest.auth[0].token.env: environment variable \"ACME_TOKEN_NOT_SET\" is not set",
                        "customers/acme/customer.yaml:8: ingest.auth[1].token: must name exactly one of \"env\" or \"file\", got both",
                        "customers/acme/customer.yaml:10: ingest.auth[2].secret.file: secret file \"/nonexistent/acme-hmac\" is outside the allowed directories (the customer's folder and alerthub.secrets.dir \"secrets\", after \"..\" and symbolic links are followed)",
                        "customers/acme/customer.yaml:12: ingest.auth[2].timestampHeader: timestamp header \"x-signature\" must differ from the signature header",
                        "customers/acme/customer.yaml:14: ingest.auth[3].token: must name exactly one of \"env\" or \"file\", got neither",
                        "customers/acme/customer.yaml:18: hosts[1].id: duplicate host name \"WEB-1\" (already used by hosts[0])",
                        "customers/acme/customer.yaml:20: hosts[2].aliases[0]: duplicate host name \"www\" (already used by hosts[0])",
                        "customers/acme/customer.yaml:22: alertClasses[0].class: invalid class \"Disk Usage\" (valid: lower-case letters, digits and \"_\", e.g. \"disk_usage\")",
                        "customers/acme/customer.yaml:23: alertClasses[0].text: invalid regular expression \"disk (full\" (unclosed group near index 10)",
                        "customers/acme/customer.yaml:24: alertClasses[1].class: is required",
                        "customers/acme/customer.yaml:24: alertClasses[1].name: invalid regular expression \"*crit\" (dangling meta character '*' near index 0)",
                        "customers/acme/customer.yaml:26: alertClasses[1].labels.team: invalid regular expression \"[ops\" (unclosed character class near index 3)")),
                arguments("shared-secret", List.of(
                        "customers/bravo/customer.yaml:8: ingest.auth[1].secret: same secret as customer \"acme\" (each customer needs its own credential)")),
                arguments("broken-files", List.of(
                        "customers/duplicate/customer.yaml:3: duplicate key \"name\"",
                        "customers/empty/customer.yaml: file is empty",
                        "customers/no-file: missing customer.yaml",
                        "customers/syntax/customer.yaml:6: invalid yaml: expected <block end>, but found '<block mapping start>'",
                        "customers/two-documents/customer.yaml:8: only one yaml document is allowed per file")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidFixtureReportsExactlyItsErrors(String fixture, List<String> expected) {
        assertThat(errorsOf(fixture)).containsExactlyElementsOf(expected);
    }

    @Test
    void startUpFailsOnceWithEveryErrorOfEveryFileNamedByTheConfiguredDirectory() {
        String dir = FIXTURES.resolve("broken-files").toString();

        assertThatThrownBy(() -> registry("broken-files"))
                .isInstanceOfSatisfying(CustomerConfigException.class, e -> {
                    assertThat(e.errors()).hasSize(5)
                            .first().isEqualTo(dir + "/duplicate/customer.yaml:3: duplicate key \"name\"");
                    assertThat(e.errors()).contains(dir + "/no-file: missing customer.yaml");
                    assertThat(e.getMessage()).startsWith("invalid customer configuration (5 errors):\n  " + dir)
                            .contains(String.join("\n  ", e.errors()));
                });
    }

    @Test
    void aMissingCustomersDirectoryFailsStartUp() {
        assertThatThrownBy(() -> registry("no-such-folder"))
                .isInstanceOfSatisfying(CustomerConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .asString().startsWith(FIXTURES.resolve("no-such-folder")
                                + ": customers directory does not exist (alerthub.customers.dir resolves to \"/"));
    }

    @Test
    void inlineSecretIsNamedByPathButNeverEchoed() {
        assertThat(String.join("\n", errorsOf("inline-secret")))
                .contains("ingest.auth[0].token: inline secret not allowed")
                .doesNotContain("s3cr3t-inline-value", "4242", "also-inline");
    }

    @Test
    void envReferenceReadsSpringEnvironmentWhereARealEnvironmentVariableWinsOverApplicationYaml() throws Exception {
        String variable = System.getenv().containsKey("HOME") ? "HOME" : "PATH";
        StandardEnvironment environment = new StandardEnvironment();
        // Spring Boot adds application*.yaml after the OS environment: lower precedence, as here
        environment.getPropertySources().addLast(new MapPropertySource("application-demo.yaml",
                Map.of(variable, "from-yaml", "ONLY_IN_YAML", "yaml-default")));
        SecretResolver resolver = new SecretResolver(environment);

        assertThat(resolver.resolve(Secret.reference(variable, null), Path.of(".")).matches(System.getenv(variable)))
                .isTrue();
        assertThat(resolver.resolve(Secret.reference("ONLY_IN_YAML", null), Path.of(".")).matches("yaml-default"))
                .isTrue();
    }
}
