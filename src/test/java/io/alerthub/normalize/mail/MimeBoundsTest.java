package io.alerthub.normalize.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.ingest.mail.MailProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The MIME bounds on raw bytes (stack.md trap 21): a mail nested deeper than the depth limit or with more parts than
 * the part limit is refused by the streaming scan before Jakarta Mail parses it, whatever its size, and its headers can
 * still be read; mails at the limits decode as before.
 */
public class MimeBoundsTest {
    static final MimeLimits DEFAULTS = MimeLimits.of(
            new MailProperties(null, null, null, null, null, null, null, null, null, null));

    @Test
    void theDefaultsAreDepthTwentyPartsTwoHundredAndTwoSeconds() {
        assertThat(DEFAULTS).isEqualTo(new MimeLimits(20, 200, Duration.ofSeconds(2)));
    }

    @Test
    void twentyThousandNestedMultipartsAreRefusedAtTheDepthLimit() {
        byte[] raw = nested(20_000);

        assertThatThrownBy(() -> MimeDecoder.decode(raw, DEFAULTS))
                .isInstanceOfSatisfying(UnsafeMailException.class, e -> {
                    assertThat(e.reason()).isEqualTo("mime_depth");
                    assertThat(e.getMessage()).isEqualTo("MIME nesting deeper than 20 levels");
                });
    }

    @Test
    void nestingUpToTheLimitDecodesAndOneLevelMoreDoesNot() throws Exception {
        // nested(n) has n + 1 multiparts: the message's own and n nested ones
        assertThat(MimeDecoder.decode(nested(19), DEFAULTS).body().strip()).isEqualTo("x");
        assertThatThrownBy(() -> MimeDecoder.decode(nested(20), DEFAULTS))
                .isInstanceOfSatisfying(UnsafeMailException.class, e -> assertThat(e.reason()).isEqualTo("mime_depth"));
    }

    @Test
    void morePartsThanTheLimitAreRefused() throws Exception {
        assertThat(MimeDecoder.decode(flat(200), DEFAULTS).body().strip()).isEqualTo("part 0");
        assertThatThrownBy(() -> MimeDecoder.decode(flat(201), DEFAULTS))
                .isInstanceOfSatisfying(UnsafeMailException.class, e -> {
                    assertThat(e.reason()).isEqualTo("mime_parts");
                    assertThat(e.getMessage()).isEqualTo("more than 200 MIME parts");
                });
        assertThatThrownBy(() -> MimeDecoder.decode(flat(100_000), DEFAULTS))
                .isInstanceOfSatisfying(UnsafeMailException.class, e -> assertThat(e.reason()).isEqualTo("mime_parts"));
    }

    @Test
    void aSpentBudgetStopsTheDecode() {
        MimeLimits spent = new MimeLimits(20, 200, Duration.ofSeconds(-1));

        assertThatThrownBy(() -> MimeDecoder.decode(flat(3), spent))
                .isInstanceOfSatisfying(UnsafeMailException.class, e -> {
                    assertThat(e.reason()).isEqualTo("decode_budget");
                    assertThat(e.getMessage()).isEqualTo("decoding took longer than PT-1S");
                });
    }

    @Test
    void aStructureTheScanCannotReadIsRefused() {
        String fields = "X-Filler: y\r\n".repeat(1001);
        byte[] raw = (fields + new String(flat(1), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> MimeDecoder.decode(raw, DEFAULTS))
                .isInstanceOfSatisfying(UnsafeMailException.class,
                        e -> assertThat(e.reason()).isEqualTo("mime_malformed"));
    }

    @Test
    void theHeadersOfARefusedMailAreReadWithoutItsBody() {
        MailText head = MimeDecoder.headers(nested(20_000));

        assertThat(head.messageId()).isEqualTo("<nested@attack.example>");
        assertThat(head.from()).isEqualTo("a@attack.example");
        assertThat(head.subject()).isEqualTo("nested");
        assertThat(head.body()).isEmpty();
    }

    static byte[] nested(int n) {
        return nested(n, "<nested@attack.example>");
    }

    /** A mail of {@code n} multipart/mixed levels inside the message's own, the innermost holding "x". */
    public static byte[] nested(int n, String messageId) {
        StringBuilder mail = new StringBuilder(headers("multipart/mixed; boundary=\"b0\"", messageId));
        for (int i = 0; i < n; i++) {
            mail.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1)
                    .append("\"\r\n\r\n");
        }
        mail.append("--b").append(n).append("\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A multipart/mixed mail of {@code n} text parts side by side. */
    static byte[] flat(int n) {
        StringBuilder mail = new StringBuilder(headers("multipart/mixed; boundary=\"flat\"", "<flat@attack.example>"));
        for (int i = 0; i < n; i++) {
            mail.append("--flat\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        mail.append("--flat--\r\n");
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String headers(String contentType, String messageId) {
        return "From: a@attack.example\r\nTo: alerts@x.example\r\nSubject: nested\r\n"
                + "Message-ID: " + messageId + "\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType
                + "\r\n\r\n";
    }
}
