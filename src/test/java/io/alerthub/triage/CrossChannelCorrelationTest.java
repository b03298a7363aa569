package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.sns.SnsMessage;
import io.alerthub.ingest.sns.VerifiedSnsMessage;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.IncidentState;
import io.alerthub.model.RawPayload;
import io.alerthub.model.TimelineEntry;
import io.alerthub.normalize.AlertClassifier;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.SnsMessageNormalizer;
import io.alerthub.normalize.ZabbixNormalizer;
import io.alerthub.normalize.mail.CloudWatchMailParser;
import io.alerthub.normalize.mail.MailParser;
import io.alerthub.normalize.mail.MimeDecoder;
import io.alerthub.normalize.mail.MimeLimits;
import io.alerthub.normalize.mail.ZabbixMailParser;
import io.alerthub.store.CorrelationStore;
import io.alerthub.store.Databases;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cross-channel correlation over the real fixtures and the real fold on H2: the Zabbix webhook and the same Zabbix's
 * mail, and CloudWatch through SNS and by mail, yield a shared key; with {@code correlation.crossChannel} on they
 * become one incident whose timeline names both sources, and the recovery from either channel resolves it; off (the
 * default) they stay two incidents, as before.
 */
class CrossChannelCorrelationTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final Instant T0 = Instant.parse("2026-12-07T03:12:10Z");
    static final AlertFinisher FINISHER = new AlertFinisher(new AlertClassifier(), id -> java.util.Optional.empty());
    static final String SNS_ALARM = "{\"AlarmName\":\"web-1-cpu\",\"AlarmDescription\":\"cpu high\","
            + "\"AWSAccountId\":\"123456789012\",\"NewStateValue\":\"%s\",\"NewStateReason\":\"Threshold Crossed\","
            + "\"StateChangeTime\":\"2024-05-01T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\",\"OldStateValue\":\"OK\","
            + "\"Trigger\":{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\","
            + "\"Dimensions\":[{\"value\":\"i-0abc1234def567890\",\"name\":\"InstanceId\"}]}}";

    @TempDir
    Path customersDir;
    CustomerRegistry customers;
    IncidentStore incidents;
    TimelineStore timeline;
    IncidentFolder folder;
    TransactionTemplate tx;

    @BeforeEach
    void setUp() throws Exception {
        Folding.writeCustomer(customersDir, "corr", "correlation:\n  crossChannel: true\n  within: 10m\n");
        Folding.writeCustomer(customersDir, "plain", "");
        customers = Folding.customers(customersDir, Map.of("CORR_TOKEN", "t1", "PLAIN_TOKEN", "t2"));
        customers.reload();
        var ds = Databases.H2.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        incidents = new IncidentStore(jdbc);
        timeline = new TimelineStore(jdbc, json);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        folder = new IncidentFolder(incidents, timeline, Folding.defaults(), meters,
                new CrossChannelCorrelation(customers, new CorrelationStore(jdbc), incidents, timeline, meters));
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @Test
    void theZabbixWebhookAndItsMailShareTheProblemEventIdInProblemAndRecovery() throws Exception {
        List<String> keys = List.of(
                CrossChannelCorrelation.keys(zabbixWebhook("corr", "zabbix-default-message-problem-flat.json", T0)).exact(),
                CrossChannelCorrelation.keys(zabbixWebhook("corr", "zabbix-default-message-resolved-flat.json", T0)).exact(),
                CrossChannelCorrelation.keys(mail("corr", "zabbix-mail-problem-7001.eml", new ZabbixMailParser(), T0)).exact(),
                CrossChannelCorrelation.keys(mail("corr", "zabbix-mail-recovery-7001.eml", new ZabbixMailParser(), T0)).exact())
                .stream().map(k -> String.join(",", k)).toList();

        assertThat(keys).containsOnly("zabbix-event:7001");
    }

    @Test
    void cloudWatchThroughSnsAndByMailShareTheAlarmOfTheAccount() throws Exception {
        Alert sns = sns("corr", "ALARM", T0);
        Alert mail = mail("corr", "cloudwatch-mail-alarm-web-1-cpu-no-arn.eml", new CloudWatchMailParser(), T0);

        assertThat(sns.fingerprint()).isNotEqualTo(mail.fingerprint());
        assertThat(CrossChannelCorrelation.keys(sns).exact()).containsExactly(
                "aws-alarm:123456789012:eu-west-1:web-1-cpu", "aws-alarm-name:123456789012:web-1-cpu");
        assertThat(CrossChannelCorrelation.keys(mail).exact()).containsExactly("aws-alarm-name:123456789012:web-1-cpu");
    }

    @Test
    void webhookThenMailIsOneIncidentAndTheMailRecoveryResolvesIt() throws Exception {
        Alert webhook = zabbixWebhook("corr", "zabbix-default-message-problem-flat.json", T0);
        Alert mail = mail("corr", "zabbix-mail-problem-7001.eml", new ZabbixMailParser(), T0.plusSeconds(20));
        Alert recovery = mail("corr", "zabbix-mail-recovery-7001.eml", new ZabbixMailParser(), T0.plusSeconds(842));

        IncidentChanged opened = fold(webhook);
        IncidentChanged joined = fold(mail);
        IncidentChanged resolved = fold(recovery);

        assertThat(opened.change()).isEqualTo(IncidentChanged.Change.OPENED);
        assertThat(joined.change()).isEqualTo(IncidentChanged.Change.REPEATED);
        assertThat(List.of(joined.incidentId(), resolved.incidentId())).containsOnly(opened.incidentId());
        assertThat(incidents.find(opened.incidentId()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        List<TimelineEntry> entries = timeline.list(opened.incidentId());
        assertThat(entries).extracting(TimelineEntry::kind)
                .containsExactly("received", "correlated", "correlated", "resolved_by_source");
        assertThat(entries.get(1).detail()).containsEntry("joined", "zabbix (mail)")
                .containsEntry("reportedBy", "zabbix (webhook)")
                .containsEntry("reason", "the same problem reported by zabbix (webhook) and by zabbix (mail)");
    }

    @Test
    void mailFirstThenTheWebhookRecoveryResolvesIt() throws Exception {
        IncidentChanged opened = fold(mail("corr", "zabbix-mail-problem-7001.eml", new ZabbixMailParser(), T0));
        IncidentChanged joined = fold(zabbixWebhook("corr", "zabbix-default-message-problem-flat.json", T0.plusSeconds(5)));
        IncidentChanged resolved = fold(zabbixWebhook("corr", "zabbix-default-message-resolved-flat.json",
                T0.plusSeconds(842)));

        assertThat(List.of(joined.incidentId(), resolved.incidentId())).containsOnly(opened.incidentId());
        assertThat(incidents.find(opened.incidentId()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        // the mail's own recovery, late, finds the resolved incident instead of opening another
        IncidentChanged late = fold(mail("corr", "zabbix-mail-recovery-7001.eml", new ZabbixMailParser(),
                T0.plusSeconds(900)));
        assertThat(late.incidentId()).isEqualTo(opened.incidentId());
    }

    @Test
    void snsThenMailIsOneIncidentAndTheMailOkResolvesIt() throws Exception {
        IncidentChanged opened = fold(sns("corr", "ALARM", T0));
        IncidentChanged joined = fold(mail("corr", "cloudwatch-mail-alarm-web-1-cpu-no-arn.eml",
                new CloudWatchMailParser(), T0.plusSeconds(30)));
        IncidentChanged ok = fold(mail("corr", "cloudwatch-mail-ok-web-1-cpu-no-arn.eml", new CloudWatchMailParser(),
                T0.plusSeconds(600)));

        assertThat(List.of(joined.incidentId(), ok.incidentId())).containsOnly(opened.incidentId());
        assertThat(incidents.find(opened.incidentId()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(timeline.list(opened.incidentId()).get(1).detail())
                .containsEntry("reason", "the same problem reported by cloudwatch (sns) and by cloudwatch (mail)");
    }

    @Test
    void withCorrelationOffTheTwoChannelsStayTwoIncidents() throws Exception {
        IncidentChanged webhook = fold(zabbixWebhook("plain", "zabbix-default-message-problem-flat.json", T0));
        IncidentChanged mail = fold(mail("plain", "zabbix-mail-problem-7001.eml", new ZabbixMailParser(),
                T0.plusSeconds(20)));

        assertThat(mail.change()).isEqualTo(IncidentChanged.Change.OPENED);
        assertThat(mail.incidentId()).isNotEqualTo(webhook.incidentId());
    }

    @Test
    void theFallbackKeyJoinsOnlyAcrossChannelsAndWithinTheWindow() throws Exception {
        IncidentChanged first = fold(generic("webhook", "fp-a", T0));
        IncidentChanged sameChannel = fold(generic("webhook", "fp-b", T0.plus(Duration.ofMinutes(1))));
        IncidentChanged otherChannel = fold(generic("mail", "fp-c", T0.plus(Duration.ofMinutes(9))));
        IncidentChanged late = fold(generic("sns", "fp-d", T0.plus(Duration.ofMinutes(40))));

        assertThat(sameChannel.change()).as("the same channel, another fingerprint: another alert")
                .isEqualTo(IncidentChanged.Change.OPENED);
        assertThat(otherChannel.change()).as("another channel within 10m").isEqualTo(IncidentChanged.Change.REPEATED);
        assertThat(otherChannel.incidentId()).isIn(first.incidentId(), sameChannel.incidentId());
        assertThat(late.change()).as("40m later, beyond the window").isEqualTo(IncidentChanged.Change.OPENED);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private IncidentChanged fold(Alert alert) {
        return tx.execute(s -> folder.fold(alert));
    }

    static Alert zabbixWebhook(String customer, String fixture, Instant at) throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("zabbix").resolve(fixture));
        Alert draft = new ZabbixNormalizer().normalize(new ObjectMapper().readTree(body)).alerts().get(0);
        return FINISHER.finish(draft, raw(customer, "webhook", "zabbix", at, body));
    }

    static Alert mail(String customer, String fixture, MailParser parser, Instant at) throws Exception {
        byte[] body = Files.readAllBytes(FIXTURES.resolve("correlation").resolve(fixture));
        Alert draft = parser.parse(MimeDecoder.decode(body, new MimeLimits(20, 200, Duration.ofSeconds(2))))
                .orElseThrow(() -> new AssertionError(fixture + " did not parse"));
        return FINISHER.finish(draft, raw(customer, "mail", "mail", at, body));
    }

    Alert sns(String customer, String state, Instant at) {
        String message = SNS_ALARM.formatted(state);
        SnsMessage m = new SnsMessage("Notification", "msg-" + state, "arn:aws:sns:eu-west-1:123456789012:alarms",
                null, message, at.toString(), "2", null, null, null, null, null);
        RawPayload raw = raw(customer, "sns", "sns", at, message.getBytes(StandardCharsets.UTF_8));
        return new SnsMessageNormalizer(FINISHER, customers).normalize(new VerifiedSnsMessage(raw, m)).alerts().get(0);
    }

    static Alert generic(String channel, String fingerprint, Instant at) {
        Alert draft = Alert.builder().status(AlertStatus.FIRING).name("Disk / almost full").alertClass("disk_usage")
                .host("web-9").fingerprint(fingerprint).build();
        return FINISHER.finish(draft, raw("corr", channel, "generic", at, new byte[0]));
    }

    static RawPayload raw(String customer, String channel, String format, Instant at, byte[] body) {
        return new RawPayload(Ids.next(), customer, channel, format, "application/octet-stream", at, body);
    }
}
