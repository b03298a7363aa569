package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timestamps as sources really send them, and JSON embedded in strings. */
class PayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "1700000000                    | 2023-11-14T22:13:20Z",
            "1700000000123                 | 2023-11-14T22:13:20.123Z",
            "1700000000123456              | 2023-11-14T22:13:20.123456Z",
            "1700000000123456789           | 2023-11-14T22:13:20.123456789Z",
            "\"1700000000\"                | 2023-11-14T22:13:20Z",
            "\"2024-02-29T23:59:59+09:00\" | 2024-02-29T14:59:59Z",
            "\"2024-02-29T14:59:59.5Z\"    | 2024-02-29T14:59:59.500Z",
            "\"2024.02.29 14:59:59\"       | 2024-02-29T14:59:59Z",
            "\"0001-01-01T00:00:00Z\"      | null",
            "\"not a time\"                | null",
            "0                             | null",
            "\"\"                        | null",
            "1e300                         | null",
    })
    void readsTimestampsInEveryShapeSourcesSend(String jsonValue, String expected) throws Exception {
        Instant parsed = Payloads.instant(JSON.readTree(jsonValue));
        assertThat(parsed).isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"{\\\"b\\\":1}\"} | true",
            "{\"a\":\"{not json\"}     | false",
            "{\"a\":{\"b\":1}}         | true",
    })
    void unwrapsJsonInsideJsonStrings(String doc, boolean object) throws Exception {
        assertThat(Payloads.embeddedJson(JSON.readTree(doc).get("a")).isObject()).isEqualTo(object);
    }
}
