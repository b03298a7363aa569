package io.alerthub.normalize.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.MailRule;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real alert mail of the corpus and every Japanese fixture (ISO-2022-JP, Shift_JIS, UTF-8, encoded-word subjects,
 * quoted-printable, base64, multipart/alternative, HTML-only, an attachment) parses into an alert with the format,
 * host, name, status and severity a person reading the mail would name.
 */
class MailParsersTest {
    static final Path CORPUS = Path.of("src/test/resources/fixtures/mail-corpus");
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/mail");

    static Stream<Arguments> mails() {
        return Stream.of(
                Arguments.of(CORPUS.resolve("nagios/nagios-host-PROBLEM-znuny-systemmonitoring1.eml"),
                        "nagios", "delphin", "Host status", AlertStatus.FIRING, Severity.CRITICAL),
                Arguments.of(CORPUS.resolve("nagios/nagios-host-RECOVERY-znuny-systemmonitoring2.eml"),
                        "nagios", "delphin", "Host status", AlertStatus.RESOLVED, Severity.INFO),
                Arguments.of(CORPUS.resolve("icinga/icinga-service-PROBLEM-cpuload-zammad.eml"),
                        "icinga", "host.internal.loc", "CPU Load", AlertStatus.FIRING, Severity.WARNING),
                // the subject still says PROBLEM: the body's RECOVERY / OK wins
                Arguments.of(CORPUS.resolve("icinga/icinga-service-RECOVERY-cpuload-zammad.eml"),
                        "icinga", "host.internal.loc", "CPU Load", AlertStatus.RESOLVED, Severity.INFO),
                Arguments.of(CORPUS.resolve("icinga/icinga2-host-DOWN-zammad.eml"),
                        "icinga", "apn4709.dc.example.com", "Host status", AlertStatus.FIRING, Severity.CRITICAL),
                Arguments.of(CORPUS.resolve("icinga/icinga2-host-UP-zammad.eml"),
                        "icinga", "apn4709.dc.example.com", "Host status", AlertStatus.RESOLVED, Severity.INFO),
                Arguments.of(CORPUS.resolve("cloudwatch-email/cw-email-ALARM-cis310-nuvibit.txt"),
                        "cloudwatch", "aws:486183375590:us-east-1", "CIS.3.10", AlertStatus.FIRING, Severity.ERROR),
                Arguments.of(FIXTURES.resolve("zabbix-problem-ja-iso2022jp.eml"),
                        "zabbix", "demo-web-1", "/var の空き容量が 10% 未満です", AlertStatus.FIRING, Severity.ERROR),
                Arguments.of(FIXTURES.resolve("zabbix-recovery-ja-sjis-qp.eml"),
                        "zabbix", "demo-web-1", "/var の空き容量が 10% 未満です", AlertStatus.RESOLVED, Severity.ERROR),
                Arguments.of(FIXTURES.resolve("zabbix-problem-en-utf8.eml"),
                        "zabbix", "demo-db-1", "High CPU utilization (over 90% for 5m)", AlertStatus.FIRING,
                        Severity.WARNING),
                Arguments.of(FIXTURES.resolve("zabbix-recovery-en-alternative-base64.eml"),
                        "zabbix", "demo-db-1", "High CPU utilization (over 90% for 5m)", AlertStatus.RESOLVED,
                        Severity.WARNING),
                Arguments.of(FIXTURES.resolve("mackerel-critical-ja-html-only.eml"),
                        "mackerel", "demo-web-1", "ロードアベレージ", AlertStatus.FIRING, Severity.CRITICAL),
                Arguments.of(FIXTURES.resolve("mackerel-ok-en.eml"),
                        "mackerel", "demo-web-1", "loadavg5", AlertStatus.RESOLVED, Severity.INFO),
                // the attachment says RECOVERY: attachments are not read
                Arguments.of(FIXTURES.resolve("nagios-service-problem-attachment.eml"),
                        "nagios", "demo-web-1", "HTTP", AlertStatus.FIRING, Severity.CRITICAL),
                Arguments.of(FIXTURES.resolve("icinga2-service-critical-ja-utf8-base64.eml"),
                        "icinga", "demo-db-1", "ディスク容量", AlertStatus.FIRING, Severity.CRITICAL),
                // the subject says PROBLEM, the body's "is OK!" decides; Icinga 2's (Display Name: "…") is stripped
                Arguments.of(FIXTURES.resolve("icinga2-service-recovery-subject-problem-displayname.eml"),
                        "icinga", "demo-web-1", "ping4", AlertStatus.RESOLVED, Severity.INFO),
                Arguments.of(FIXTURES.resolve("nagios-service-unknown.eml"),
                        "nagios", "demo-app-1", "Disk", AlertStatus.FIRING, Severity.WARNING),
                Arguments.of(FIXTURES.resolve("cloudwatch-ok-dimension.eml"),
                        "cloudwatch", "i-0123456789abcdef0", "demo-web-1-cpu-high", AlertStatus.RESOLVED,
                        Severity.INFO));
    }

    @ParameterizedTest
    @MethodSource("mails")
    void everyAlertMailParses(Path file, String format, String host, String name, AlertStatus status,
                              Severity severity) throws Exception {
        Alert alert = parse(decode(bytes(file)), List.of()).orElseThrow(
                () -> new AssertionError("no parser understood " + file));

        assertThat(alert.source().format()).isEqualTo(format);
        assertThat(alert.resource().host()).isEqualTo(host);
        assertThat(alert.name()).isEqualTo(name);
        assertThat(alert.status()).isEqualTo(status);
        assertThat(alert.severity()).isEqualTo(severity);
        assertThat(alert.summary()).isNotBlank();
    }

    @Test
    void bodyWinsOverSubjectAndTheDisagreementIsKept() throws Exception {
        MailText mail = decode(bytes(CORPUS.resolve("icinga/icinga-service-RECOVERY-cpuload-zammad.eml")));
        Alert alert = parse(mail, List.of()).orElseThrow();

        assertThat(mail.subject()).startsWith("PROBLEM");
        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.labels()).containsEntry("subject_disagrees", "PROBLEM").containsEntry("state", "OK");
    }

    @Test
    void japaneseSubjectsAndBodiesDecode() throws Exception {
        MailText iso = decode(bytes(FIXTURES.resolve("zabbix-problem-ja-iso2022jp.eml")));
        MailText sjis = decode(bytes(FIXTURES.resolve("zabbix-recovery-ja-sjis-qp.eml")));
        MailText html = decode(bytes(FIXTURES.resolve("mackerel-critical-ja-html-only.eml")));

        assertThat(iso.subject()).isEqualTo("障害: /var の空き容量が 10% 未満です");
        assertThat(sjis.subject()).isEqualTo("復旧: /var の空き容量が 10% 未満です");
        assertThat(sjis.body()).contains("障害期間: 20m 29s");
        assertThat(html.subject()).isEqualTo("[Mackerel] [demo-org] CRITICAL: demo-web-1 ロードアベレージ");
        assertThat(html.body()).contains("メッセージ: loadavg5 12.3 > 8").doesNotContain("<td>");
    }

    @Test
    void aRecoveryFoldsIntoItsProblem() throws Exception {
        Alert problem = parse(decode(bytes(FIXTURES.resolve("zabbix-problem-ja-iso2022jp.eml"))), List.of())
                .orElseThrow();
        Alert recovery = parse(decode(bytes(FIXTURES.resolve("zabbix-recovery-ja-sjis-qp.eml"))), List.of())
                .orElseThrow();
        Alert critical = parse(decode(bytes(FIXTURES.resolve("mackerel-critical-ja-html-only.eml"))),
                List.of()).orElseThrow();
        Alert ok = parse(decode(bytes(FIXTURES.resolve("mackerel-ok-en.eml"))), List.of()).orElseThrow();

        assertThat(recovery.fingerprint()).isEqualTo(problem.fingerprint()).isEqualTo("zabbix:4711");
        assertThat(ok.fingerprint()).isEqualTo(critical.fingerprint()).isEqualTo("mackerel:3xYzAbC");
    }

    @Test
    void aCustomersRuleParserCutsFieldsOutOfAnyMail() throws Exception {
        MailRule rule = new MailRule("ups", "ups-monitor@", "^\\[UPS\\]",
                Map.of("host", "機器: (\\S+)", "name", "\\[UPS\\] \\S+ \\S+ (.+)$", "severity", "重要度: (\\S+)",
                        "status", "状態: (\\S+)"),
                "正常|復旧", Severity.WARNING);
        Alert alert = parse(decode(bytes(FIXTURES.resolve("rule-ups-alarm-sjis.eml"))), List.of(rule))
                .orElseThrow();

        assertThat(alert.source().format()).isEqualTo("rule:ups");
        assertThat(alert.resource().host()).isEqualTo("ups-01.demo.example");
        assertThat(alert.name()).isEqualTo("商用電源断");
        assertThat(alert.severity()).isEqualTo(Severity.ERROR);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
    }

    @Test
    void aMailNoParserKnowsIsLeftForTheUnknownAlert() throws Exception {
        MailText mail = decode(bytes(FIXTURES.resolve("unknown-ja-no-message-id.eml")));

        assertThat(parse(mail, List.of())).isEmpty();
        assertThat(mail.subject()).isEqualTo("メンテナンスのお知らせ");
        assertThat(mail.messageId()).isNull();
    }

    /** The mail decoded within the hub's default limits. */
    static MailText decode(byte[] raw) throws Exception {
        return MimeDecoder.decode(raw, MimeBoundsTest.DEFAULTS);
    }

    static Optional<Alert> parse(MailText mail, List<MailRule> rules) {
        List<MailParser> parsers = new ArrayList<>();
        rules.forEach(r -> parsers.add(new RuleMailParser(r)));
        parsers.addAll(MailAlerts.BUILT_IN);
        for (MailParser parser : parsers) {
            Optional<Alert> alert = parser.parse(mail);
            if (alert.isPresent()) {
                return alert;
            }
        }
        return Optional.empty();
    }

    /** The mail's bytes; the CloudWatch sample is a body only, so it gets the headers SNS e-mail puts on it. */
    static byte[] bytes(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".txt")) {
            String headers = "From: AWS Notifications <no-reply@sns.amazonaws.com>\r\nTo: alerts@demo.local\r\n"
                    + "Subject: ALARM: \"CIS.3.10\" in US East (N. Virginia)\r\nMessage-ID: <cw-cis310@sns.example>\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
            byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[head.length + bytes.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(bytes, 0, all, head.length, bytes.length);
            return all;
        }
        return bytes;
    }
}
