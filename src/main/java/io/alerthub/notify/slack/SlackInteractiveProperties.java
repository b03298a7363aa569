package io.alerthub.notify.slack;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack's interactive buttons ({@code alerthub.slack.interactive.*}): whether messages carry Acknowledge / Take over /
 * Resolve buttons and {@code POST /api/v1/slack/interactions} acts on them, the Slack app's signing secret (by
 * reference: {@code {env: NAME}} or {@code {file: path}}), how old a signed request may be, which Slack user is which
 * hub operator, and where the hub may post message updates ({@code response_url} prefixes).
 *
 * @param users Slack user id ({@code U012ABC}) → operator username; anyone else is refused
 */
@ConfigurationProperties("alerthub.slack.interactive")
public record SlackInteractiveProperties(boolean enabled, SecretRef signingSecret, Map<String, String> users,
        Duration maxAge, List<String> responseUrlPrefixes, Integer maxBodyBytes) {

    /** Where the signing secret is read: an environment variable (or Spring property) or a file. */
    public record SecretRef(String env, String file) {
    }

    public SlackInteractiveProperties {
        // Slack ids are upper case; a property source may have lower-cased the keys
        users = users == null ? Map.of() : users.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue));
        maxAge = maxAge == null ? Duration.ofMinutes(5) : maxAge;
        responseUrlPrefixes = responseUrlPrefixes == null ? List.of("https://hooks.slack.com/")
                : List.copyOf(responseUrlPrefixes);
        maxBodyBytes = maxBodyBytes == null ? 1 << 20 : maxBodyBytes;
    }

    /** The hub operator a Slack user acts as, if the user is mapped. */
    public Optional<String> operatorOf(String slackUserId) {
        return slackUserId == null ? Optional.empty()
                : Optional.ofNullable(users.get(slackUserId.toUpperCase(Locale.ROOT)));
    }

    /** True when the hub may post to {@code url} (a {@code response_url} from a verified interaction). */
    public boolean mayRespondTo(String url) {
        return url != null && responseUrlPrefixes.stream().anyMatch(url::startsWith);
    }
}
