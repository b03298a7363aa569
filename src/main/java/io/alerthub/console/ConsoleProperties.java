package io.alerthub.console;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the operator console ({@code alerthub.console.*}).
 *
 * @param timeZone the zone the console shows times in (every time is labelled with it)
 * @param refresh  how often the incident list and an incident's timeline refresh themselves
 */
@ConfigurationProperties(prefix = "alerthub.console", ignoreUnknownFields = false)
public record ConsoleProperties(@DefaultValue("UTC") ZoneId timeZone, @DefaultValue("10s") Duration refresh) {

    public ConsoleProperties {
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        refresh = refresh == null || refresh.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(10) : refresh;
    }
}
