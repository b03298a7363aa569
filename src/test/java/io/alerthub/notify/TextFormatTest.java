package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.notify.pagerduty.PagerDutyChannel;
import io.alerthub.notify.slack.SlackMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each target format makes of hostile alert text, as a table. */
class TextFormatTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "plain line    | \"web-1\\r\\nBcc: x@evil.example\"    | web-1 Bcc: x@evil.example",
        "plain line    | \"a\\tb\\u2028c\"                      | a b c",
        "plain line    | \"bell\\u0007 esc\\u001b[31m nul\\u0000\" | bell esc[31m nul",
        "plain line    | \"invoice \\u202Egnp.exe\"             | invoice gnp.exe",
        "plain block   | \"one\\r\\ntwo\\rthree\\n\\tfour\"        | \"one\\ntwo\\nthree\\n\\tfour\"",
        "slack line    | \"<!channel> a & b <https://x|y>\"     | \"&lt;!channel&gt; a &amp; b &lt;https://x|y&gt;\"",
        "slack block   | \"```\\n<!here>\"                       | \"```\\n&lt;!here&gt;\"",
        "pagerduty line| \"<!channel> a -> b <b>\"             | ＜!channel> a -> b ＜b>"})
    void hostileTextBecomesInert(String format, String text, String expected) {
        String input = unescape(text);
        String actual = switch (format.strip()) {
            case "plain line" -> TextFormat.PLAIN.line(input);
            case "plain block" -> TextFormat.PLAIN.block(input);
            case "slack line" -> SlackMessages.MRKDWN.line(input);
            case "slack block" -> SlackMessages.MRKDWN.block(input);
            case "pagerduty line" -> PagerDutyChannel.TEXT.line(input);
            default -> throw new IllegalArgumentException(format);
        };
        assertThat(actual).isEqualTo(unescape(expected));
    }

    /** The table writes invisible characters as Java escapes. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
