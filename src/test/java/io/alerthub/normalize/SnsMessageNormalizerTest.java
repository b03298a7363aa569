package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.HostConfig;
import io.alerthub.config.SnsConfig;
import io.alerthub.ingest.sns.SnsMessage;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the real SNS samples become: CloudWatch alarms, EventBridge events and plain text, on the customer's hosts. */
class SnsMessageNormalizerTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final ObjectMapper JSON = new ObjectMapper();
    final SnsMessageNormalizer normalizer = new SnsMessageNormalizer(null, null);
    final List<HostConfig> hosts = List.of(new HostConfig("web-1", "10.0.0.5", List.of("web-1.acme.example")),
            new HostConfig("storage", null, List.of()));

    static SnsMessage message(JsonNode j) {
        return new SnsMessage(t(j, "Type"), t(j, "MessageId"), t(j, "TopicArn"), t(j, "Subject"), t(j, "Message"),
                t(j, "Timestamp"), t(j, "SignatureVersion"), t(j, "Signature"), t(j, "SigningCertURL"),
                t(j, "SubscribeURL"), t(j, "UnsubscribeURL"), t(j, "Token"));
    }

    static SnsMessage fixture(String file) throws Exception {
        return message(JSON.readTree(FIXTURES.resolve(file).toFile()));
    }

    /** An SNS notification carrying {@code body} as its Message. */
    static SnsMessage wrapping(String body) {
        return new SnsMessage("Notification", "m-1", "arn:aws:sns:us-east-1:123456789012:events", null, body,
                "2024-01-01T00:00:00.000Z", "1", "x", null, null, null, null);
    }

    private static String t(JsonNode j, String f) {
        return j.hasNonNull(f) ? j.get(f).asText() : null;
    }

    private Alert only(SnsMessage m, SnsConfig settings) {
        List<Alert> alerts = normalizer.drafts(m, settings, hosts);
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private static SnsConfig settings(String insufficientData, Map<String, String> hostMap) {
        return new SnsConfig(List.of(), true, insufficientData == null ? null : SnsConfig.InsufficientData.valueOf(insufficientData), hostMap);
    }

    @Test
    void cloudWatchAlarmWithDimensionsFiresOnTheMappedHost() throws Exception {
        Alert a = only(fixture("aws-sns/sns-cloudwatch-ALARM-s3-alerta.json"), settings(null, Map.of("try.alerta.io", "storage")));

        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.severity()).isEqualTo(Severity.ERROR);
        assertThat(a.name()).isEqualTo("bucketbytesAlarm");
        assertThat(a.source().format()).isEqualTo("cloudwatch");
        assertThat(a.source().eventId()).isEqualTo("e288882d-4281-5be4-8fde-dccc11c8cb01");
        // no AlarmArn in this older message: rebuilt from the topic's partition/region and the account
        assertThat(a.fingerprint()).isEqualTo("arn:aws:cloudwatch:eu-west-1:1234567890:alarm:bucketbytesAlarm");
        assertThat(a.resource().host()).isEqualTo("storage");
        assertThat(a.resource().component()).isEqualTo("BucketName");
        assertThat(a.resource().service()).isEqualTo("AWS/S3");
        assertThat(a.labels()).containsEntry("metricName", "BucketSizeBytes").containsEntry("dimension.StorageType", "StandardStorage");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2019-02-15T23:53:45.093Z"));
        assertThat(a.summary()).startsWith("Threshold Crossed: 1 datapoint");
        assertThat(a.description()).isEqualTo("bucket bytes size exceeded");
    }

    @Test
    void anomalyDetectionAlarmOkResolvesWithItsArnAsFingerprint() throws Exception {
        Alert a = only(fixture("aws-sns/sns-cloudwatch-OK-anomaly-sigv1-cloudforet.json"), settings(null, Map.of()));

        assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(a.fingerprint()).isEqualTo("arn:aws:cloudwatch:ap-northeast-2:257706363616:alarm:ContainerInsight-pod_cpu_utilization");
        assertThat(a.labels()).containsEntry("metricName", "pod_cpu_utilization").containsEntry("namespace", "ContainerInsights");
        assertThat(a.annotations()).containsEntry("expression", "ANOMALY_DETECTION_BAND(m1, 0.592)");
        assertThat(a.resource().host()).isEqualTo("cloudone-dev-v1-eks-cluster");
        assertThat(a.description()).isNull();
    }

    @Test
    void insufficientDataIsIgnoredByDefaultOrRaisedAsConfigured() throws Exception {
        String alarm = "{\"AlarmName\":\"cpu\",\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu\","
                + "\"NewStateValue\":\"INSUFFICIENT_DATA\",\"Trigger\":{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\","
                + "\"Dimensions\":[{\"name\":\"InstanceId\",\"value\":\"i-0abc\"}]}}";
        assertThat(normalizer.drafts(wrapping(alarm), settings(null, Map.of()), hosts)).isEmpty();
        Alert warning = only(wrapping(alarm), settings("WARNING", Map.of("i-0abc", "web-1")));
        assertThat(warning.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.resource().host()).isEqualTo("web-1");
        assertThat(only(wrapping(alarm), settings("RESOLVED", Map.of())).status()).isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void compositeAlarmKeepsItsRule() {
        String composite = "{\"AlarmName\":\"app-down\",\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-down\","
                + "\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"OK\",\"AlarmRule\":\"ALARM(cpu) AND ALARM(5xx)\","
                + "\"TriggeringChildren\":[{\"Arn\":\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu\",\"State\":{\"Value\":\"ALARM\"}}]}";
        Alert a = only(wrapping(composite), settings(null, Map.of()));
        assertThat(a.resource().component()).isEqualTo("composite-alarm");
        assertThat(a.annotations()).containsEntry("alarmRule", "ALARM(cpu) AND ALARM(5xx)")
                .containsEntry("triggeringChildren", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu=ALARM");
        assertThat(a.fingerprint()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:app-down");
    }

    @Test
    void eventBridgeAlarmStateChangeFiresOnTheInstanceHost() throws Exception {
        String event = Files.readString(FIXTURES.resolve("eventbridge-sns/eventbridge-cloudwatch-alarm-state-change-ALARM-awsdocs.json"));
        Alert a = only(wrapping(event), settings(null, Map.of("i-12345678901234567", "web-1")));

        assertThat(a.source().format()).isEqualTo("eventbridge");
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.name()).isEqualTo("ServerCpuTooHigh");
        assertThat(a.fingerprint()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
        assertThat(a.resource().host()).isEqualTo("web-1");
        assertThat(a.resource().component()).isEqualTo("InstanceId");
        assertThat(a.labels()).containsEntry("metricName", "CPUUtilization");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2019-10-02T17:04:40.989Z"));
        assertThat(a.description()).isEqualTo("Goes into alarm when server CPU utilization is too high!");
    }

    @Test
    void awsHealthEventFiresWithItsEventArnAndAffectedInstance() throws Exception {
        Alert a = only(fixture("eventbridge-sns/sns-eventbridge-health-abuse-sigv1-cloudforet.json"), settings(null, Map.of()));

        assertThat(a.source().format()).isEqualTo("eventbridge");
        assertThat(a.name()).isEqualTo("AWS_ABUSE_COPYRIGHT_DMCA_REPORT");
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.severity()).isEqualTo(Severity.ERROR);
        assertThat(a.fingerprint()).startsWith("arn:aws:health:global::event/AWS_ABUSE_COPYRIGHT_DMCA_REPORT");
        assertThat(a.resource().host()).isEqualTo("i-abcd2222");
        assertThat(a.summary()).isEqualTo("A description of the event will be provided here");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2018-08-02T05:30:00Z"));
    }

    @Test
    void ec2StateChangeFiresWhenStoppedAndResolvesWhenRunning() {
        String template = "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2024-01-01T00:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc\"],"
                + "\"detail\":{\"instance-id\":\"i-0abc\",\"state\":\"%s\"}}";
        SnsConfig s = settings(null, Map.of("i-0abc", "web-1"));
        Alert stopped = only(wrapping(template.formatted("stopped")), s);
        Alert running = only(wrapping(template.formatted("running")), s);

        assertThat(stopped.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(running.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(stopped.fingerprint()).isEqualTo(running.fingerprint());
        assertThat(stopped.resource().host()).isEqualTo("web-1");
        assertThat(normalizer.drafts(wrapping(template.formatted("pending")), s, hosts)).isEmpty();
    }

    @Test
    void plainTextBecomesAnUnknownAlertWithTheText() throws Exception {
        Alert a = only(fixture("aws-sns/notification-sigv1-signed-javasdk.json"), settings(null, Map.of()));

        assertThat(a.source().format()).isEqualTo("sns-text");
        assertThat(a.alertClass()).isEqualTo("unknown");
        assertThat(a.name()).isEqualTo("this is raw");
        assertThat(a.description()).isEqualTo("boo");
        assertThat(a.labels()).containsEntry("sns.topicArn", "arn:aws:sns:us-east-1:810605503585:just_testing");
        assertThat(only(fixture("aws-sns/notification-sigv1-signed-rubysdk.json"), settings(null, Map.of())).name())
                .isEqualTo("SNS message on publish-and-verify-892f85fe-4836-424d-8188-ab85bef0f362");
    }
}
