package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The {@code mail:} section of customer.yaml as a user writes it: defaults filled, the password resolved by reference,
 * and every mistake (protocol, interval, rule pattern, rule field, unset password) reported with file, line and path.
 */
class MailConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/customers-fixtures");

    static MockEnvironment environment() {
        return new MockEnvironment().withProperty("ACME_TOKEN", "acme-token")
                .withProperty("ACME_MAIL_PASSWORD", "mail-pw");
    }

    static List<String> errorsOf(String fixture) {
        CustomerConfigLoader loader = new CustomerConfigLoader(FIXTURES.resolve(fixture), "customers",
                new SecretResolver(environment()));
        List<ConfigError> errors = new ArrayList<>();
        loader.loadAll(errors);
        return errors.stream().map(ConfigError::toString).toList();
    }

    @Test
    void aMailboxGetsDefaultsAndItsPasswordResolved() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                FIXTURES.resolve("mail-valid").toString(), Duration.ZERO), environment(), null, null);
        MailConfig mail = registry.find("acme").flatMap(CustomerConfig::mailbox).orElseThrow();

        assertThat(mail.protocol()).isEqualTo("imaps");
        assertThat(mail.port()).isEqualTo(993);
        assertThat(mail.folder()).isEqualTo("INBOX");
        assertThat(mail.processedFolder()).isEqualTo("Processed");
        assertThat(mail.quarantineFolder()).isEqualTo("Quarantine");
        assertThat(mail.pollDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new String(mail.password().bytes(), StandardCharsets.UTF_8)).isEqualTo("mail-pw");
        assertThat(mail.toString()).doesNotContain("mail-pw");
        assertThat(mail.rules()).extracting(MailRule::name).containsExactly("ups");
    }

    @Test
    void wrongShapesAreReportedByLine() {
        assertThat(errorsOf("mail-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:8: mail.protocol: invalid protocol \"pop3\" (valid: imap, imaps)",
                "customers/acme/customer.yaml:12: mail.pollInterval: invalid interval \"30 seconds\" (e.g. 30s, 2m)");
    }

    @Test
    void badRulesAndAnUnsetPasswordAreReportedByLine() {
        assertThat(errorsOf("mail-invalid")).containsExactly(
                "customers/acme/customer.yaml:10: mail.password.env: environment variable"
                        + " \"NO_SUCH_MAIL_PASSWORD\" is not set",
                "customers/acme/customer.yaml:13: mail.rules[0].subject: invalid regular expression \"(unclosed\""
                        + " (unclosed group near index 9)",
                "customers/acme/customer.yaml:15: mail.rules[0].fields.hostname: unknown field \"hostname\" (valid:"
                        + " fingerprint, host, name, service, severity, status, summary)");
    }
}
