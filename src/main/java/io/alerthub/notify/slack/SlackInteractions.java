package io.alerthub.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The front door of Slack's interactive buttons (notify stage): checks a request's signature and age
 * ({@link SlackRequestSigning}), refuses a signature already used (table {@code slack_interaction_replays}, shared by
 * hub instances and kept across restarts, each row for twice the accepted age), and reads the {@code block_actions}
 * payload a button press sends. The signing secret is resolved once at start; with interactivity enabled and no
 * secret the hub does not start.
 */
@Component
public class SlackInteractions {
    /** The button action ids, {@code alerthub.<action>}; the value of each button is the incident id. */
    public static final String ACKNOWLEDGE = "alerthub.acknowledge";
    public static final String TAKEOVER = "alerthub.takeover";
    public static final String RESOLVE = "alerthub.resolve";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PURGE_INTERVAL_MS = 60_000;
    private final SlackInteractiveProperties properties;
    private final SlackRequestSigning signing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();

    /**
     * A button press: who pressed it (Slack user id and name), which button ({@code actionId}) on which incident,
     * where the message can be updated ({@code responseUrl}) and the message as Slack shows it.
     */
    public record Press(String userId, String userName, String actionId, String incidentId, String responseUrl,
            JsonNode message) {
    }

    /** The body is not a Slack interaction payload (the request was signed, so this is a bug or a new format). */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    public SlackInteractions(SlackInteractiveProperties properties, Environment environment, JdbcTemplate jdbc,
            Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.signing = properties.enabled() ? new SlackRequestSigning(secret(properties, environment),
                properties.maxAge()) : null;
    }

    public boolean enabled() {
        return signing != null;
    }

    public SlackInteractiveProperties properties() {
        return properties;
    }

    /** Verifies a request and claims its signature; {@link SlackRequestSigning.Verdict#VALID} only once per request. */
    public SlackRequestSigning.Verdict verify(String timestamp, String signature, byte[] body) {
        Instant now = clock.instant();
        SlackRequestSigning.Verdict verdict = signing.verify(timestamp, signature, body, now);
        if (verdict != SlackRequestSigning.Verdict.VALID) {
            return verdict;
        }
        purgeExpired(now);
        int claimed = jdbc.update("INSERT INTO slack_interaction_replays (replay_key, expires_at) VALUES (?, ?)"
                        + " ON CONFLICT DO NOTHING", signature.trim().toLowerCase(java.util.Locale.ROOT),
                now.plus(properties.maxAge().multipliedBy(2)).atOffset(ZoneOffset.UTC));
        return claimed == 1 ? verdict : SlackRequestSigning.Verdict.REPLAYED;
    }

    /**
     * The button press in a form-encoded interaction ({@code payload=<json>}); empty for interactions that are not a
     * press of one of the hub's buttons (other types, other action ids).
     */
    public static Optional<Press> read(byte[] body) throws Unreadable {
        String payload = null;
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                payload = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        if (payload == null) {
            throw new Unreadable("payload: missing form field");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new Unreadable("payload: not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("payload: not a JSON object");
        }
        if (!"block_actions".equals(root.path("type").asText())) {
            return Optional.empty();
        }
        for (JsonNode action : root.path("actions")) {
            String id = action.path("action_id").asText("");
            if (id.equals(ACKNOWLEDGE) || id.equals(TAKEOVER) || id.equals(RESOLVE)) {
                String incidentId = action.path("value").asText("");
                String userId = root.path("user").path("id").asText("");
                if (incidentId.isBlank() || userId.isBlank()) {
                    throw new Unreadable("payload: " + (userId.isBlank() ? "user.id" : "actions[].value")
                            + ": missing");
                }
                return Optional.of(new Press(userId, root.path("user").path("username").asText(null), id, incidentId,
                        root.path("response_url").asText(null), root.path("message")));
            }
        }
        return Optional.empty();
    }

    private void purgeExpired(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.toEpochMilli() + PURGE_INTERVAL_MS)) {
            jdbc.update("DELETE FROM slack_interaction_replays WHERE expires_at < ?", now.atOffset(ZoneOffset.UTC));
        }
    }

    private static byte[] secret(SlackInteractiveProperties properties, Environment environment) {
        SlackInteractiveProperties.SecretRef ref = properties.signingSecret();
        String path = "alerthub.slack.interactive.signing-secret";
        if (ref == null || (ref.env() == null) == (ref.file() == null)) {
            throw new IllegalStateException(path + ": give exactly one of env or file (interactivity is enabled)");
        }
        if (ref.env() != null) {
            String value = environment.getProperty(ref.env());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(path + ".env: environment variable \"" + ref.env() + "\" is not set");
            }
            return value.trim().getBytes(StandardCharsets.UTF_8);
        }
        try {
            String value = Files.readString(Path.of(ref.file()), StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new IllegalStateException(path + ".file: \"" + ref.file() + "\" is empty");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(path + ".file: cannot read \"" + ref.file() + "\": "
                    + e.getClass().getSimpleName());
        }
    }
}
