package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** What the normalizer tests share: reading a fixture, normalizing one alert, comparing times, fixture coverage. */
final class NormalizerFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NormalizerFixtures() {
    }

    /** A fixture from {@code src/test/resources/<dir><name>}, parsed. */
    static JsonNode fixture(String dir, String name) throws IOException {
        try (InputStream in = NormalizerFixtures.class.getResourceAsStream(dir + name)) {
            return MAPPER.readTree(Objects.requireNonNull(in, name));
        }
    }

    /** Normalizes an inline payload that must carry exactly one alert. */
    static Alert one(AlertNormalizer normalizer, String json) throws IOException {
        NormalizedPayload result = normalizer.normalize(MAPPER.readTree(json));
        assertThat(result.alerts()).hasSize(1);
        return result.alerts().get(0);
    }

    /** An expected time written as ISO-8601 text, or null for "no time". */
    static void assertInstant(Instant actual, String expected, String field) {
        if (expected == null) {
            assertThat(actual).as(field).isNull();
        } else {
            assertThat(actual).as(field).isEqualTo(Instant.parse(expected));
        }
    }

    /** Every fixture file of a format has a row in its test's table, and every row a file. */
    static void assertEveryFixtureListed(String dir, List<String> listed) throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(Objects.requireNonNull(NormalizerFixtures.class.getResource(dir)).toURI()))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }
}
