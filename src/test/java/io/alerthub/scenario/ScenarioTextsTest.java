package io.alerthub.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerLocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a scenario tells people follows the customer's locale: every text has an English and a Japanese version with
 * the same placeholders (also for the notification wording the step lines use), and the hand-over summary's headings
 * are the customer's language.
 */
class ScenarioTextsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.]+)}}");

    @ParameterizedTest
    @ValueSource(strings = {"scenario/messages", "notify/messages"})
    void everyTextHasAJapaneseTwinWithTheSamePlaceholders(String bundle) throws IOException {
        Properties en = load(bundle + ".properties");
        Properties ja = load(bundle + "_ja.properties");

        assertThat(ja.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(placeholders(ja.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
            assertThat(ja.getProperty(key)).as(key).isNotBlank();
        }
    }

    @Test
    void theHandOverSummaryIsInTheCustomersLanguage() {
        ScenarioRun ja = run(CustomerLocale.JA);
        ja.checked(ja.text("disk.checked.usage", "path", "/"));
        ja.found("Filesystem 1024-blocks Used");
        ja.leftForYou(ja.text("process.left.not-allowed", "unit", "app"));
        ja.handOver(ja.text("process.not-allowed", "unit", "app"));
        ScenarioRun en = run(CustomerLocale.EN);
        en.leftForYou(en.text("process.left.not-allowed", "unit", "app"));

        assertThat(ja.summary()).isEqualTo("""
                ユニット app は再起動を許可されていません: 状態とジャーナルを収集しました
                確認したこと:
                - / のディスク使用率
                分かったこと:
                - Filesystem 1024-blocks Used
                お願いしたいこと:
                - 必要であれば app を再起動してください: ハブによる再起動は許可されていません（restartUnits）""");
        assertThat(en.summary()).isEqualTo("""
                Left for you:
                - restart app if appropriate: it is not allow-listed for the hub (restartUnits)""");
        assertThat(ScenarioTexts.text((CustomerConfig) null, "run.class-unknown")).as("no customer: English")
                .startsWith("alert class unknown");
    }

    private static ScenarioRun run(CustomerLocale locale) {
        CustomerConfig customer = new CustomerConfig("acme", "ACME", locale, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        return new ScenarioRun(null, null, customer, null, "process_down", "acme.service", Map.of(), false,
                Instant.EPOCH);
    }

    private static TreeSet<String> placeholders(String text) {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ScenarioTextsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
