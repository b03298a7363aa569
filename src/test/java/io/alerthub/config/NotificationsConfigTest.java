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
 * The {@code notifications:} section of customer.yaml as a user writes it: Slack, PagerDuty and e-mail settings with
 * their secrets resolved by reference, and every mistake reported with file, line and path, never with a secret.
 */
class NotificationsConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/customers-fixtures");

    static MockEnvironment environment() {
        return new MockEnvironment().withProperty("ACME_TOKEN", "acme-token")
                .withProperty("GLOBEX_TOKEN", "globex-token")
                .withProperty("ACME_SLACK_TOKEN", "xoxb-acme")
                .withProperty("ACME_SLACK_WEBHOOK", "https://hooks.slack.com/services/T0/B0/acme")
                .withProperty("GLOBEX_SLACK_WEBHOOK", "not a url at all")
                .withProperty("ACME_PD_ROUTING_KEY", "R0UT1NGKEY")
                .withProperty("PD_WEBHOOK_SECRET", "new-webhook-secret");
    }

    static List<String> errorsOf(String fixture) {
        CustomerConfigLoader loader = new CustomerConfigLoader(FIXTURES.resolve(fixture), "customers",
                new SecretResolver(environment()));
        List<ConfigError> errors = new ArrayList<>();
        loader.loadAll(errors);
        return errors.stream().map(ConfigError::toString).toList();
    }

    private static String text(Secret secret) {
        return new String(secret.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void everyChannelIsReadWithItsSecretsResolved() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                FIXTURES.resolve("notifications-valid").toString(), Duration.ZERO), environment(), null, null);
        NotificationsConfig notifications = registry.find("acme").flatMap(CustomerConfig::notificationSettings)
                .orElseThrow();

        NotificationsConfig.SlackSettings slack = notifications.slackSettings().orElseThrow();
        assertThat(slack.usesBotToken()).isTrue();
        assertThat(text(slack.botToken())).isEqualTo("xoxb-acme");
        assertThat(slack.channel()).isEqualTo("#acme-alerts");
        NotificationsConfig.PagerDutySettings pagerduty = notifications.pagerDutySettings().orElseThrow();
        assertThat(text(pagerduty.routingKey())).isEqualTo("R0UT1NGKEY");
        assertThat(pagerduty.baseUrlOverride()).contains("https://events.eu.pagerduty.com");
        assertThat(pagerduty.webhookSecrets()).extracting(NotificationsConfigTest::text)
                .containsExactly("new-webhook-secret", "old-webhook-secret");
        NotificationsConfig.EmailSettings email = notifications.emailSettings().orElseThrow();
        assertThat(email.to()).containsExactly("oncall@acme.example", "cto@acme.example");
        assertThat(email.from()).isEqualTo("alerthub@msp.example");
        assertThat(email.replyTo()).isEqualTo("noc@msp.example");
        assertThat(notifications.toString()).doesNotContain("xoxb-acme", "R0UT1NGKEY", "webhook-secret");
    }

    @Test
    void aCustomerWithoutNotificationsHasNone() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                FIXTURES.resolve("mail-valid").toString(), Duration.ZERO), environment().withProperty(
                        "ACME_MAIL_PASSWORD", "pw"), null, null);

        assertThat(registry.find("acme").orElseThrow().notificationSettings()).isEmpty();
    }

    @Test
    void wrongShapesAreReportedByLine() {
        assertThat(errorsOf("notifications-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:10: notifications.slack.channel: invalid channel \"general alerts\""
                        + " (valid: a channel id like \"C0123456789\" or a name like \"#acme-alerts\")",
                "customers/acme/customer.yaml:13: notifications.pagerduty.baseUrl: invalid base url"
                        + " \"https://events.pagerduty.com/v2/enqueue\" (valid: an http or https url without path,"
                        + " e.g. \"https://events.pagerduty.com\")",
                "customers/acme/customer.yaml:14: notifications.email.from: is required",
                "customers/acme/customer.yaml:15: notifications.email.to[1]: invalid address \"not an address\"",
                "customers/acme/customer.yaml:16: notifications.email.replyTo: invalid address \"noc\"");
    }

    @Test
    void channelSettingsThatDoNotFitTogetherAndUnresolvedSecretsAreReported() {
        assertThat(errorsOf("notifications-invalid")).containsExactly(
                "customers/acme/customer.yaml:8: notifications.slack: must set exactly one of \"webhookUrl\" or"
                        + " \"botToken\", got both",
                "customers/acme/customer.yaml:12: notifications.pagerduty.routingKey.env: environment variable"
                        + " \"NO_SUCH_ROUTING_KEY\" is not set",
                "customers/acme/customer.yaml:14: notifications.pagerduty.webhookSecrets[0].file: secret file"
                        + " \"missing.secret\" does not exist",
                "customers/globex/customer.yaml:9: notifications.slack.webhookUrl: the value from env"
                        + " GLOBEX_SLACK_WEBHOOK is not an http or https url",
                "customers/globex/customer.yaml:10: notifications.slack.channel: is not used with webhookUrl"
                        + " (a webhook posts to the channel it was created for)");
    }
}
