package io.alerthub.escalate.quiet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.config.QuietHoursConfig;
import io.alerthub.config.TimeInterval;
import io.alerthub.config.TimeIntervalSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Test helper: quiet hours written as a user writes them in customer.yaml, bound and checked, then compiled. */
final class QuietYaml {
    private static final ObjectReader READER = YAMLMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build().readerFor(QuietHoursConfig.class);

    private QuietYaml() {
    }

    /** A {@code quietHours:} section (YAML, flow style welcome), compiled for a customer in {@code customerZone}. */
    static QuietHours quietHours(String yaml, String customerZone) {
        QuietHoursConfig config;
        try {
            config = READER.readValue(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        TimeIntervalSyntax.check(config, (path, message) -> problems.add(path + ": " + message));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("test config has problems: " + problems);
        }
        return QuietHours.of(config, ZoneId.of(customerZone));
    }

    /** One interval (a YAML mapping such as {@code {weekdays: [saturday, sunday]}}) as the only quiet window. */
    static TimeInterval interval(String yaml, String customerZone) {
        String named = yaml.strip().startsWith("{") ? "{name: test, " + yaml.strip().substring(1) : yaml;
        return quietHours("intervals: [" + named + "]", customerZone).intervals().get(0);
    }
}
