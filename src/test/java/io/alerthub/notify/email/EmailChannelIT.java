package io.alerthub.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.NotifyTexts;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The e-mail channel against real SMTP servers: GreenMail receives what a customer's contacts would (Japanese and
 * English subject and body, UTF-8, Message-ID, threading headers), a scripted server answers with 4xx and 5xx.
 */
class EmailChannelIT {
    private static final EmailTarget CONTACTS = new EmailTarget(List.of("oncall@acme.example", "cto@acme.example"),
            "alerthub@msp.example", "noc@msp.example");

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static CamelContext camel;

    @BeforeAll
    static void startCamel() {
        camel = NotificationSamples.camel();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static EmailChannel channel(int port) {
        NotifyProperties.Email smtp = new NotifyProperties.Email("127.0.0.1", port, null, null, false,
                Duration.ofSeconds(5), null);
        return new EmailChannel(camel.createProducerTemplate(), EmailChannel.smtpEndpoint(camel, smtp),
                customer -> "acme".equals(customer) ? Optional.of(CONTACTS) : Optional.empty(), new NotifyTexts(),
                null);
    }

    private static EmailChannel channel() {
        return channel(greenMail.getSmtp().getPort());
    }

    private static Notification notification(NotificationAction action, String locale, String threadRef) {
        Notification n = NotificationSamples.notification(action, locale, threadRef);
        return new Notification("inc-42:email:" + action.name().toLowerCase() + ":1", n.customerId(), n.incidentId(),
                ChannelKind.EMAIL, action, n.content(), threadRef);
    }

    private static String body(MimeMessage message) throws Exception {
        return (String) message.getContent();
    }

    @Test
    void anEnglishAlertReachesEveryContactWithItsMessageId() throws Exception {
        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER, "en", null));

        assertThat(result).isEqualTo(DeliveryResult.sent("<inc-42-email-trigger-1@msp.example>",
                "mailed to 2 contact(s)"));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage mail = received[0];
        assertThat(mail.getMessageID()).isEqualTo("<inc-42-email-trigger-1@msp.example>");
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] Alert [critical] DiskUsageHigh on web-1");
        assertThat(Arrays.asList(mail.getRecipients(Message.RecipientType.TO))).extracting(a -> a.toString())
                .containsExactly("oncall@acme.example", "cto@acme.example");
        assertThat(mail.getFrom()).containsExactly(new InternetAddress("alerthub@msp.example"));
        assertThat(mail.getReplyTo()).containsExactly(new InternetAddress("noc@msp.example"));
        assertThat(mail.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        // SMTP transport does not keep the body's final line break
        assertThat(body(mail).stripTrailing()).isEqualToNormalizingNewlines("""
                ACME Industries (アクメ工業),

                Alert Hub received an alert about one of your hosts.

                  Alert:     DiskUsageHigh
                  Host:      web-1
                  Severity:  critical
                  Outcome:   escalated to a person
                  First seen: 2026-11-25 03:04:05 UTC

                Disk / is 93% full

                What the automation did:
                  - check df -P '/' -> exit 0, 93% used (42 ms)
                  - gather du -xsh /var/log/* -> exit 0 (120 ms)

                Diagnostics (excerpt):
                /var/log/app 41G
                /var/log/nginx 2G

                Incident inc-42: https://hub.example/incidents/inc-42

                --
                Alert Hub. Reply to this message to reach the operations team.
                """.stripTrailing());
    }

    @Test
    void aPhishingSubjectCannotAddHeadersRecipientsOrMarkupToTheMail() throws Exception {
        Notification n = notification(NotificationAction.TRIGGER, "en", null);

        DeliveryResult result = channel().deliver(NotificationSamples.with(n, NotificationSamples.hostile("en")));

        assertThat(result.status()).as(result.detail()).isEqualTo(DeliveryResult.Status.SENT);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2); // the two contacts, nobody the alert named
        MimeMessage mail = received[0];
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(java.util.Collections.list(mail.getAllHeaderLines())).noneMatch(line -> line.startsWith("Bcc"));
        assertThat(mail.getAllRecipients()).extracting(Object::toString)
                .containsExactly("oncall@acme.example", "cto@acme.example");
        // one plain-text part: nothing a mail client would render as HTML
        assertThat(mail.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] Alert [critical] " + NotificationSamples.HOSTILE
                + " on web-1 Bcc: victim@evil.example");
        // quoted-printable travels with CRLF line ends
        assertThat(body(mail).replace("\r\n", "\n")).contains("  Alert:     " + NotificationSamples.HOSTILE + "\n",
                "  Host:      web-1 Bcc: victim@evil.example\n", NotificationSamples.HOSTILE + " gnp.exe\n")
                .doesNotContain("\u202E", "\u0007");
    }

    @Test
    void aJapaneseCustomerGetsAJapaneseSubjectAndBodyInUtf8() throws Exception {
        channel().deliver(notification(NotificationAction.TRIGGER, "ja", null));

        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] アラート [緊急] web-1 の DiskUsageHigh");
        assertThat(mail.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(mail.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(body(mail)).startsWith("ACME Industries (アクメ工業) 御中\n\nお客様のホストについてアラートを受信しました。")
                .contains("  重要度:     緊急\n", "  対応結果:   担当者にエスカレーションしました\n",
                        "自動対応の内容:\n  - check df -P '/' -> exit 0, 93% used (42 ms)\n",
                        "インシデント inc-42: https://hub.example/incidents/inc-42");
    }

    @Test
    void aFollowUpNamesTheFirstMailSoClientsThreadIt() throws Exception {
        DeliveryResult result = channel().deliver(notification(NotificationAction.RESOLVE, "en",
                "<inc-42-email-trigger-1@msp.example>"));

        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getMessageID()).isEqualTo(result.externalRef()).isEqualTo("<inc-42-email-resolve-1@msp.example>");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<inc-42-email-trigger-1@msp.example>");
        assertThat(mail.getHeader("References", null)).isEqualTo("<inc-42-email-trigger-1@msp.example>");
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] Resolved [critical] DiskUsageHigh on web-1");
        assertThat(body(mail)).contains("This incident is resolved.");
    }

    @Test
    void aDigestListsTheHeldNotifications() throws Exception {
        Notification digest = NotificationSamples.digest("ja", 3);

        DeliveryResult result = channel().deliver(digest);

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] まとめ: ACME Industries (アクメ工業) 様への通知 3 件");
        assertThat(body(mail)).contains("通知停止時間帯に保留していた通知 3 件をお送りします。",
                "  - [緊急] DiskUsageHigh / web-1 / 担当者に引き継ぎました\n    https://hub.example/incidents/inc-1",
                "  - [警告] DiskUsageHigh / web-2 / 担当者に引き継ぎました\n    https://hub.example/incidents/inc-2");
    }

    @ParameterizedTest(name = "MAIL {0}, RCPT {1}, DATA {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "250 ok                          | 450 4.2.1 mailbox busy      | 250 ok                            | RETRY  | 450",
        "250 ok                          | 550 5.1.1 no such user      | 250 ok                            | FAILED | 550",
        "250 ok                          | 250 ok                      | 451 4.3.0 try again later         | RETRY  | 451",
        "250 ok                          | 250 ok                      | 554 5.7.1 rejected as spam        | FAILED | 554",
        "421 4.7.0 too many connections  | 250 ok                      | 250 ok                            | RETRY  | 421",
        "553 5.7.1 sender not allowed    | 250 ok                      | 250 ok                            | FAILED | 553"})
    void smtpRepliesAreClassified(String mail, String rcpt, String data, DeliveryResult.Status expected, int code)
            throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(mail, rcpt, data)) {
            DeliveryResult result = channel(server.port()).deliver(notification(NotificationAction.TRIGGER, "en",
                    null));

            assertThat(result.status()).as(result.detail()).isEqualTo(expected);
            assertThat(result.detail()).startsWith("smtp answered " + code + " (");
            assertThat(result.externalRef()).isNull();
        }
    }

    @Test
    void anUnreachableServerIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryResult result = channel(closedPort).deliver(notification(NotificationAction.TRIGGER, "en", null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.detail()).startsWith("smtp unreachable: ");
    }

    @Test
    void aCustomerWithoutContactsFailsWithoutSending() {
        Notification n = new Notification("x", "globex", "inc-1", ChannelKind.EMAIL, NotificationAction.TRIGGER,
                NotificationSamples.content("en"), null);

        DeliveryResult result = channel().deliver(n);

        assertThat(result).isEqualTo(DeliveryResult.failed("customer \"globex\" has no notifications.email settings"));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
