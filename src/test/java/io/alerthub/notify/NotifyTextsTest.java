package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.NotificationAction;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pieces every channel shares: the Japanese and English wording (complete in both, never mixed up by the JVM's
 * own locale), cutting text to a limit without breaking a character, and reading {@code Retry-After}.
 */
class NotifyTextsTest {
    private final NotifyTexts texts = new NotifyTexts();

    private static Properties bundle(String name) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = NotifyTextsTest.class.getClassLoader().getResourceAsStream("notify/" + name)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws Exception {
        assertThat(bundle("messages_ja.properties").keySet())
                .containsExactlyInAnyOrderElementsOf(bundle("messages.properties").keySet());
    }

    @Test
    void aJapaneseJvmStillWritesEnglishToEnglishCustomers() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.JAPAN);
            assertThat(texts.text("en", "action.RESOLVE")).isEqualTo("Resolved");
            assertThat(texts.text("ja", "action.RESOLVE")).isEqualTo("解決");
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest(name = "locale \"{0}\" writes {1}")
    @CsvSource(value = {"ja, ja", "ja-JP, ja", "en, en", "en-US, en", "fr, en", "NULL, en"}, nullValues = "NULL")
    void unknownLocalesFallBackToEnglish(String locale, String expected) {
        assertThat(NotifyTexts.supported(locale)).isEqualTo(expected);
    }

    @Test
    void anUnknownPlaceholderStaysVisible() {
        assertThat(NotifyTexts.fill("{{host}} {{nope}} $1 \\", Map.of("host", "web-$1"))).isEqualTo("web-$1 {{nope}} $1 \\");
    }

    @Test
    void anOpenValueWithoutWordingIsShownAsIs() {
        NotificationContent c = NotificationSamples.withSummary(NotificationSamples.content("ja"), "s", "fatal");

        Map<String, String> values = texts.placeholders(NotificationAction.TRIGGER, c);

        assertThat(values.get("severity")).isEqualTo("fatal");
        assertThat(values.get("outcome")).isEqualTo("担当者にエスカレーションしました");
    }

    @Test
    void excerptsNeverSplitACharacter() {
        String emoji = "😀".repeat(10); // 20 UTF-16 units

        assertThat(Excerpts.limit(emoji, 6)).isEqualTo("😀😀…");
        assertThat(Excerpts.limit(emoji, 7)).isEqualTo("😀😀😀…");
        assertThat(Excerpts.tail(emoji, 6)).isEqualTo("…😀😀");
        assertThat(Excerpts.limit("short", 10)).isEqualTo("short");
    }

    @ParameterizedTest(name = "Retry-After \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "30 | PT30S",
        "0 | PT0S",
        "Wed, 25 Nov 2026 03:11:00 GMT | PT1M",
        "Wed, 25 Nov 2026 03:00:00 GMT | PT0S",
        "soon | NULL",
        "-5 | NULL",
        "99999999999999999999 | NULL",
        "NULL | NULL"})
    void retryAfterIsSecondsOrAnHttpDate(String header, Duration expected) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T03:10:00Z"), ZoneOffset.UTC);

        assertThat(OutboundHttp.retryAfter(header, clock)).isEqualTo(expected);
    }
}
