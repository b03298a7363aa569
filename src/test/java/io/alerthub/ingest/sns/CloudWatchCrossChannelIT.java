package io.alerthub.ingest.sns;

import static io.alerthub.triage.CrossChannelHub.entry;
import static io.alerthub.triage.CrossChannelHub.kinds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.triage.CrossChannelHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cross-channel correlation end to end for CloudWatch: the alarm {@code web-1-cpu} arrives signed through SNS (real
 * HTTP, a pinned test certificate) and by CloudWatch's e-mail without the alarm ARN (real SMTP/IMAP, GreenMail); with
 * {@code correlation.crossChannel} on the operator sees one incident naming both sources, and the mailed OK resolves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:cloudwatch-cross-channel-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.mail.enabled=true", "alerthub.demo-fleet.enabled=false", "alerthub.demo-sinks.enabled=false",
        "alerthub.demo-mail.enabled=false", "CORR_TOKEN=" + CrossChannelHub.TOKEN,
        "alerthub.sns.trust-store-password=changeit"})
@ActiveProfiles("demo")
class CloudWatchCrossChannelIT {
    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:alarms";
    static final String CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-corrtest.pem";
    static final CrossChannelHub HUB = new CrossChannelHub();
    static final TestPki PKI = new TestPki();
    static final TestPki.Leaf LEAF = PKI.leaf("CN=sns.amazonaws.com", Instant.now().minusSeconds(3600),
            Instant.now().plusSeconds(86_400));
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("cloudwatch-cross-channel");
            Files.writeString(Files.createDirectory(DIR.resolve("certs")).resolve("SimpleNotificationService-corrtest.pem"),
                    LEAF.pem());
            PKI.trustStore(DIR);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("alerthub.customers.dir", () -> HUB.customers("""
                sns:
                  topics: [%s]
                """.formatted(TOPIC)).toString());
        registry.add("alerthub.sns.certificate-dir", () -> DIR.resolve("certs").toString());
        registry.add("alerthub.sns.trust-store", () -> DIR.resolve("truststore.p12").toString());
    }

    @AfterAll
    static void stop() {
        HUB.stop();
    }

    @Test
    void theAlarmThroughSnsAndByMailIsOneIncidentAndTheMailedOkResolvesIt() throws Exception {
        HttpResponse<String> sns = HUB.post(port, "/api/v1/customers/corr/sns", "text/plain; charset=UTF-8",
                notification(), "x-amz-sns-message-type", "Notification");
        assertThat(sns.statusCode()).as(sns.body()).isEqualTo(200);

        HUB.sendMail("correlation/cloudwatch-mail-alarm-web-1-cpu-no-arn.eml");
        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(only()).contains("correlated"));

        JsonNode correlated = entry(only(), "correlated").path("detail");
        assertThat(correlated.path("joined").asText()).isEqualTo("cloudwatch (mail)");
        assertThat(correlated.path("reportedBy").asText()).isEqualTo("cloudwatch (sns)");
        assertThat(correlated.path("fingerprint").asText()).isNotEqualTo(correlated.path("incidentFingerprint").asText());

        HUB.sendMail("correlation/cloudwatch-mail-ok-web-1-cpu-no-arn.eml");
        await().atMost(Duration.ofSeconds(30)).until(() -> only().path("state").asText().equals("RESOLVED"));
        assertThat(only().path("alertIds")).hasSize(3);
    }

    /** The SNS notification of alarm web-1-cpu entering ALARM, signed now by the pinned test certificate. */
    static String notification() {
        String alarm = "{\"AlarmName\":\"web-1-cpu\",\"AlarmDescription\":\"cpu high\",\"AWSAccountId\":\"123456789012\","
                + "\"NewStateValue\":\"ALARM\",\"NewStateReason\":\"Threshold Crossed\","
                + "\"StateChangeTime\":\"2024-05-01T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\","
                + "\"OldStateValue\":\"OK\",\"Trigger\":{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\","
                + "\"Dimensions\":[{\"value\":\"i-0abc1234def567890\",\"name\":\"InstanceId\"}]}}";
        SnsMessage m = new SnsMessage("Notification", "msg-corr-" + System.nanoTime(), TOPIC, "ALARM: web-1-cpu", alarm,
                Instant.now().toString(), "2", null, CERT_URL, null, null, null);
        return new ObjectMapper().createObjectNode().put("Type", m.type()).put("MessageId", m.messageId())
                .put("TopicArn", m.topicArn()).put("Subject", m.subject()).put("Message", m.message())
                .put("Timestamp", m.timestamp()).put("SignatureVersion", m.signatureVersion())
                .put("Signature", TestPki.sign(m, LEAF.keys().getPrivate())).put("SigningCertURL", m.signingCertUrl())
                .toString();
    }

    private JsonNode only() throws Exception {
        List<JsonNode> all = HUB.incidents(port);
        assertThat(all).as("incidents of customer corr").hasSize(1);
        return HUB.incident(port, all.get(0).path("id").asText());
    }
}
