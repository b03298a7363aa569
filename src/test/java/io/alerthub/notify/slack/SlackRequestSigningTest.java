package io.alerthub.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.NotifyTexts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slack request signing against Slack's own documented example, the timestamp window, the reading of a
 * {@code block_actions} payload, and the buttons on the hub's messages.
 */
class SlackRequestSigningTest {
    /** The example of Slack's "Verifying requests from Slack" page: secret, timestamp, body and signature. */
    static final byte[] SECRET = "8f742231b10e8888abcd99yyyzzz85a5".getBytes(StandardCharsets.UTF_8);
    static final String TIMESTAMP = "1531420618";
    static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447"
            + "fce8b6703c").getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    static final Instant THEN = Instant.ofEpochSecond(1531420618);

    final SlackRequestSigning signing = new SlackRequestSigning(SECRET, Duration.ofMinutes(5));

    @Test
    void slacksDocumentedExampleVerifiesAndSignsTheSame() {
        assertThat(SlackRequestSigning.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(signing.verify(TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(299)))
                .isEqualTo(SlackRequestSigning.Verdict.VALID);
    }

    @Test
    void aChangedBodyOrAnotherSecretDoesNotVerify() {
        byte[] changed = BODY.clone();
        changed[0] = 'T';
        assertThat(signing.verify(TIMESTAMP, SIGNATURE, changed, THEN)).isEqualTo(SlackRequestSigning.Verdict.BAD_SIGNATURE);
        assertThat(new SlackRequestSigning("other".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5))
                .verify(TIMESTAMP, SIGNATURE, BODY, THEN)).isEqualTo(SlackRequestSigning.Verdict.BAD_SIGNATURE);
        assertThat(signing.verify(TIMESTAMP, "v1=" + SIGNATURE.substring(3), BODY, THEN))
                .isEqualTo(SlackRequestSigning.Verdict.BAD_SIGNATURE);
    }

    @Test
    void aTimestampOutsideFiveMinutesEitherWayIsStale() {
        assertThat(signing.verify(TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301)))
                .isEqualTo(SlackRequestSigning.Verdict.STALE);
        assertThat(signing.verify(TIMESTAMP, SIGNATURE, BODY, THEN.minusSeconds(301)))
                .isEqualTo(SlackRequestSigning.Verdict.STALE);
        assertThat(signing.verify("yesterday", SIGNATURE, BODY, THEN)).isEqualTo(SlackRequestSigning.Verdict.STALE);
        assertThat(signing.verify(null, SIGNATURE, BODY, THEN)).isEqualTo(SlackRequestSigning.Verdict.MISSING);
        assertThat(signing.verify(TIMESTAMP, " ", BODY, THEN)).isEqualTo(SlackRequestSigning.Verdict.MISSING);
    }

    @Test
    void aBlockActionsPayloadReadsAsAPressOfTheHubsButton() throws Exception {
        String payload = """
                {"type":"block_actions","user":{"id":"U012ABC","username":"alice"},
                 "response_url":"https://hooks.slack.com/actions/T1/1/x","message":{"text":"hi","blocks":[]},
                 "actions":[{"type":"button","action_id":"alerthub.takeover","block_id":"alerthub.actions",
                             "value":"inc-42"}]}""";
        byte[] body = ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        SlackInteractions.Press press = SlackInteractions.read(body).orElseThrow();
        assertThat(press.userId()).isEqualTo("U012ABC");
        assertThat(press.actionId()).isEqualTo(SlackInteractions.TAKEOVER);
        assertThat(press.incidentId()).isEqualTo("inc-42");
        assertThat(press.responseUrl()).isEqualTo("https://hooks.slack.com/actions/T1/1/x");
        assertThat(press.message().path("text").asText()).isEqualTo("hi");

        String other = "{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"}}";
        assertThat(SlackInteractions.read(("payload=" + URLEncoder.encode(other, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThatThrownBy(() -> SlackInteractions.read("token=x".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("payload: missing form field");
        assertThatThrownBy(() -> SlackInteractions.read("payload=%7Bnot".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("payload: not valid JSON");
    }

    @Test
    void alertsCarryThreeButtonsNamingTheIncidentOnlyWhenInteractivityIsOn() {
        NotifyTexts texts = new NotifyTexts();
        ObjectNode on = new SlackMessages(texts, true).render(NotificationSamples.notification(
                NotificationAction.TRIGGER, "ja", null));
        JsonNode actions = last(on);
        assertThat(actions.path("block_id").asText()).isEqualTo(SlackMessages.ACTIONS_BLOCK);
        assertThat(actions.path("elements")).extracting(e -> e.path("action_id").asText())
                .containsExactly("alerthub.acknowledge", "alerthub.takeover", "alerthub.resolve");
        assertThat(actions.path("elements")).allSatisfy(e -> assertThat(e.path("value").asText()).isEqualTo("inc-42"));
        assertThat(actions.path("elements").get(1).path("text").path("text").asText()).isEqualTo("引き取る");
        assertThat(actions.path("elements").get(2).path("confirm").isObject()).isTrue();

        ObjectNode off = new SlackMessages(texts).render(NotificationSamples.notification(
                NotificationAction.TRIGGER, "en", null));
        assertThat(last(off).path("type").asText()).isEqualTo("context");
        ObjectNode resolved = new SlackMessages(texts, true).render(NotificationSamples.notification(
                NotificationAction.RESOLVE, "en", "1.2"));
        assertThat(last(resolved).path("type").asText()).isEqualTo("context");
    }

    @Test
    void theMessageAfterAPressLosesItsButtonsAndSaysWhoActedEscaped() {
        SlackMessages messages = new SlackMessages(new NotifyTexts(), true);
        ObjectNode shown = messages.render(NotificationSamples.notification(NotificationAction.TRIGGER, "en", null));
        ObjectNode acted = messages.acted(shown, "en", SlackInteractions.RESOLVE, "<!channel>");
        assertThat(acted.path("replace_original").asBoolean()).isTrue();
        assertThat(acted.path("blocks")).noneSatisfy(b -> assertThat(b.path("block_id").asText())
                .isEqualTo(SlackMessages.ACTIONS_BLOCK));
        assertThat(acted.path("blocks").size()).isEqualTo(shown.path("blocks").size());
        assertThat(last(acted).path("elements").get(0).path("text").asText())
                .isEqualTo(":white_check_mark: *Resolved by &lt;!channel&gt; in Slack*");
        assertThat(messages.ephemeral("en", "unknown-user", Map.of()).path("response_type").asText())
                .isEqualTo("ephemeral");
    }

    private static JsonNode last(JsonNode message) {
        JsonNode blocks = message.path("blocks");
        return blocks.get(blocks.size() - 1);
    }
}
