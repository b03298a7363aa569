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
 * The {@code sns.sqs:} section of customer.yaml as a user writes it: defaults filled, keys resolved by reference (or
 * the default AWS chain), and every mistake (region, endpoint, intervals, limits, queue, format without topics, a
 * queue two customers share, an unset key) reported with file, line and path.
 */
class SqsConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/customers-fixtures");

    static MockEnvironment environment() {
        return new MockEnvironment().withProperty("ACME_TOKEN", "acme-token").withProperty("BRAVO_TOKEN", "bravo-token")
                .withProperty("CAROL_TOKEN", "carol-token").withProperty("ACME_AWS_KEY_ID", "AKIAACME")
                .withProperty("ACME_AWS_SECRET", "acme-aws-secret");
    }

    static List<String> errorsOf(String fixture) {
        CustomerConfigLoader loader = new CustomerConfigLoader(FIXTURES.resolve(fixture), "customers",
                new SecretResolver(environment()));
        List<ConfigError> errors = new ArrayList<>();
        loader.loadAll(errors);
        return errors.stream().map(ConfigError::toString).toList();
    }

    @Test
    void aQueueGetsDefaultsAndItsKeysResolved() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                FIXTURES.resolve("sqs-valid").toString(), Duration.ZERO), environment(), null, null);
        SqsConfig acme = registry.find("acme").flatMap(CustomerConfig::snsSettings).flatMap(SnsConfig::queue).orElseThrow();
        SqsConfig bravo = registry.find("bravo").flatMap(CustomerConfig::snsSettings).flatMap(SnsConfig::queue).orElseThrow();

        assertThat(acme.queueIsUrl()).isTrue();
        assertThat(acme.queueName()).isEqualTo("acme-alerts");
        assertThat(acme.messageFormat()).isEqualTo(SqsConfig.MessageFormat.SNS);
        assertThat(acme.pollDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(acme.waitDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(acme.maxMessagesPerPoll()).isEqualTo(10);
        assertThat(acme.visibilityDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(acme.endpointOverride()).isEmpty();
        SqsConfig.Credentials keys = acme.staticCredentials().orElseThrow();
        assertThat(new String(keys.secretAccessKey().bytes(), StandardCharsets.UTF_8)).isEqualTo("acme-aws-secret");
        assertThat(acme.toString()).doesNotContain("acme-aws-secret").doesNotContain("AKIAACME");

        assertThat(bravo.queueIsUrl()).isFalse();
        assertThat(bravo.queueName()).isEqualTo("bravo-alerts.fifo");
        assertThat(bravo.messageFormat()).isEqualTo(SqsConfig.MessageFormat.RAW);
        assertThat(bravo.staticCredentials()).isEmpty();
        assertThat(bravo.endpointOverride()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(9324));
        assertThat(bravo.pollDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bravo.waitDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bravo.maxMessagesPerPoll()).isEqualTo(5);
        assertThat(bravo.visibilityDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void wrongShapesAreReportedByLine() {
        assertThat(errorsOf("sqs-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:12: sns.sqs.region: invalid region \"Tokyo\" (e.g. ap-northeast-1)",
                "customers/acme/customer.yaml:13: sns.sqs.endpoint: invalid endpoint \"localhost:9324\""
                        + " (valid: http(s)://host[:port])",
                "customers/acme/customer.yaml:14: sns.sqs.pollInterval: invalid interval \"1 second\" (e.g. 1s, 500ms)",
                "customers/acme/customer.yaml:15: sns.sqs.waitTime: invalid wait time \"30s\" (valid: 0s to 20s)",
                "customers/acme/customer.yaml:16: sns.sqs.maxMessagesPerPoll: must be between 1 and 10, got 11",
                "customers/acme/customer.yaml:17: sns.sqs.visibilityTimeout: invalid visibility timeout \"1.5s\""
                        + " (whole seconds, e.g. 60s, 5m)");
    }

    @Test
    void queuesFormatsAndKeysAreCrossChecked() {
        assertThat(errorsOf("sqs-cross-references")).containsExactly(
                "customers/bravo/customer.yaml:9: sns.sqs.queue: same queue as customer \"acme\""
                        + " (each customer needs its own queue)",
                "customers/carol/customer.yaml:8: sns.sqs: messageFormat \"sns\" needs at least one topic in"
                        + " sns.topics (or use \"raw\")",
                "customers/carol/customer.yaml:9: sns.sqs.queue: invalid queue \"carol alerts\" (valid: a queue URL"
                        + " \"https://sqs.<region>.amazonaws.com/<account>/<name>\" or a queue name of letters, digits,"
                        + " \"-\" and \"_\", at most 80 characters, \".fifo\" allowed at the end)",
                "customers/carol/customer.yaml:13: sns.sqs.credentials.secretAccessKey.env: environment variable"
                        + " \"NO_SUCH_SECRET\" is not set",
                "customers/carol/customer.yaml:14: sns.sqs.visibilityTimeout: visibility timeout \"13h\" is longer"
                        + " than SQS allows (12h)");
    }
}
