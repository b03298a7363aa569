package io.alerthub.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.Excerpts;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.TextFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a notification as a Slack Block Kit message in the customer's language: header, the facts as fields, what
 * the automation did, a diagnostics excerpt in a code block and a link to the incident, plus the plain {@code text}
 * that notifications and screen readers show; every piece within Slack's limits.
 *
 * <p>Alert text is escaped in one place, {@link #MRKDWN}, before anything is rendered: Slack reads {@code &}, {@code <}
 * and {@code >} as control characters in every text object and in the top-level {@code text} (its "Escaping text"
 * rules), so {@code <!channel>} or {@code <https://evil.example|Sign in>} from a mail subject would ping everyone or
 * plant a link under the hub's name. Every mrkdwn object is also {@code verbatim}, so bare URLs and channel names in
 * alert text are not turned into links. The only markup is the hub's own: bold labels, the code fence and the link to
 * the incident.
 */
public final class SlackMessages {
    /** Slack's limits (Block Kit reference): header text, section text, one field, the fallback text. */
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELD_MAX = 2000;
    static final int FALLBACK_MAX = 3000;
    /** Digest lines shown before "…and N more": keeps the message far below Slack's 50-block limit. */
    static final int DIGEST_MAX_ITEMS = 40;
    /** Slack's escaping: {@code &}, {@code <}, {@code >} as entities, after the plain-text clean-up. */
    public static final TextFormat MRKDWN = TextFormat.plainThen(SlackMessages::escape);
    /** The {@code block_id} of the buttons block; an update after a press drops it. */
    public static final String ACTIONS_BLOCK = "alerthub.actions";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final NotifyTexts texts;
    private final boolean buttons;

    public SlackMessages(NotifyTexts texts) {
        this(texts, false);
    }

    /** @param buttons true: alerts and updates carry Acknowledge / Take over / Resolve buttons (interactivity on) */
    public SlackMessages(NotifyTexts texts, boolean buttons) {
        this.texts = texts;
        this.buttons = buttons;
    }

    /** The {@code text} and {@code blocks} of a message for {@code n} (the caller adds channel and thread). */
    public ObjectNode render(Notification n) {
        return n.action() == NotificationAction.DIGEST ? digest(n) : incident(n);
    }

    private ObjectNode incident(Notification n) {
        NotificationContent c = n.content().in(MRKDWN);
        String locale = c.locale();
        Map<String, String> values = texts.placeholders(n.action(), c);
        ObjectNode message = JSON.objectNode();
        message.put("text", Excerpts.limit(texts.text(locale, "fallback", values), FALLBACK_MAX));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(emoji(n.action(), c.severity()) + " " + texts.text(locale, "header", values)));
        if (c.summary() != null && !c.summary().isBlank()) {
            blocks.add(section(Excerpts.limit(c.summary(), SECTION_MAX)));
        }
        ObjectNode facts = JSON.objectNode().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        fields.add(field(texts.text(locale, "field.customer"), values.get("customerName")));
        fields.add(field(texts.text(locale, "field.host"), values.get("host")));
        fields.add(field(texts.text(locale, "field.alert"), values.get("alertName")));
        fields.add(field(texts.text(locale, "field.severity"), values.get("severity")));
        fields.add(field(texts.text(locale, "field.outcome"), values.get("outcome")));
        blocks.add(facts);
        blocks.add(section(steps(locale, c.steps())));
        if (c.diagnostics() != null && !c.diagnostics().isBlank()) {
            String title = "*" + texts.text(locale, "section.diagnostics") + "*\n```";
            // the fence itself and the title count against the section's 3000 characters
            int room = SECTION_MAX - title.length() - 3;
            blocks.add(section(title + Excerpts.limit(codeSafe(c.diagnostics()), room) + "```"));
        }
        if (!c.links().isEmpty()) {
            // the source's own links (runbook, dashboard) in a block of their own, apart from the hub's actions
            blocks.add(context(sourceLinks(locale, c)));
        }
        blocks.add(context(links(locale, c, values)));
        if (buttons && c.incidentId() != null
                && (n.action() == NotificationAction.TRIGGER || n.action() == NotificationAction.UPDATE)) {
            blocks.add(actions(locale, c.incidentId()));
        }
        return message;
    }

    /**
     * The message after a person pressed a button: as Slack showed it ({@code shown}, from the interaction payload)
     * without the buttons, plus a line saying who did what ({@code actionId} is the pressed button's).
     */
    public ObjectNode acted(JsonNode shown, String locale, String actionId,
                            String operator) {
        ObjectNode message = JSON.objectNode().put("replace_original", true);
        message.put("text", shown.path("text").asText(""));
        ArrayNode blocks = message.putArray("blocks");
        for (JsonNode block : shown.path("blocks")) {
            if (!ACTIONS_BLOCK.equals(block.path("block_id").asText())) {
                blocks.add(block.deepCopy());
            }
        }
        String icon = actionId.endsWith("resolve") ? ":white_check_mark: " : ":eyes: ";
        blocks.add(context(icon + "*" + texts.text(locale, "acted." + actionId,
                Map.of("operator", escape(operator))) + "*"));
        return message;
    }

    /** A reply only the person who pressed sees, in the customer's language ({@code key} under {@code interactive.}). */
    public ObjectNode ephemeral(String locale, String key, Map<String, String> values) {
        Map<String, String> escaped = new HashMap<>();
        values.forEach((k, v) -> escaped.put(k, escape(v)));
        return JSON.objectNode().put("response_type", "ephemeral").put("replace_original", false)
                .put("text", texts.text(locale, "interactive." + key, escaped));
    }

    private ObjectNode actions(String locale, String incidentId) {
        ObjectNode block = JSON.objectNode().put("type", "actions").put("block_id", ACTIONS_BLOCK);
        ArrayNode elements = block.putArray("elements");
        elements.add(button(locale, "acknowledge", incidentId).put("style", "primary"));
        elements.add(button(locale, "takeover", incidentId));
        ObjectNode resolve = button(locale, "resolve", incidentId).put("style", "danger");
        ObjectNode confirm = resolve.putObject("confirm");
        confirm.set("title", plain(texts.text(locale, "button.resolve.confirm.title")));
        confirm.set("text", plain(texts.text(locale, "button.resolve.confirm.text")));
        confirm.set("confirm", plain(texts.text(locale, "button.resolve.confirm.yes")));
        confirm.set("deny", plain(texts.text(locale, "button.resolve.confirm.no")));
        elements.add(resolve);
        return block;
    }

    private ObjectNode button(String locale, String action, String incidentId) {
        ObjectNode button = JSON.objectNode().put("type", "button").put("action_id", "alerthub." + action);
        button.set("text", plain(texts.text(locale, "button." + action)));
        return button.put("value", incidentId);
    }

    private static ObjectNode plain(String text) {
        return JSON.objectNode().put("type", "plain_text").put("text", text);
    }

    /** "Links: runbook · dashboard", each {@code <url|text>}; a URL Slack could misread is shown as its text only. */
    private String sourceLinks(String locale, NotificationContent c) {
        StringBuilder out = new StringBuilder("*").append(texts.text(locale, "section.links")).append("*  ");
        for (int i = 0; i < c.links().size(); i++) {
            io.alerthub.model.Link l = c.links().get(i);
            out.append(i == 0 ? "" : "  ·  ");
            out.append(l.href() != null && l.href().matches("https?://[^\\s<>|\\p{Cc}]+")
                    ? "<" + l.href().replace("&", "&amp;") + "|" + l.text() + ">" : l.text());
        }
        return Excerpts.limit(out.toString(), SECTION_MAX);
    }

    private ObjectNode digest(Notification n) {
        NotificationContent c = n.content().in(MRKDWN);
        String locale = c.locale();
        List<NotificationContent> items = c.digestItems() == null ? List.of() : c.digestItems();
        Map<String, String> values = new java.util.HashMap<>(texts.placeholders(n.action(), c));
        values.put("count", Integer.toString(items.size()));
        String heading = texts.text(locale, "digest.header", values);
        ObjectNode message = JSON.objectNode();
        message.put("text", Excerpts.limit(heading, FALLBACK_MAX));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(":bell: " + heading));
        StringBuilder lines = new StringBuilder();
        int shown = Math.min(items.size(), DIGEST_MAX_ITEMS);
        for (int i = 0; i < shown; i++) {
            NotificationContent item = items.get(i);
            Map<String, String> v = texts.placeholders(NotificationAction.TRIGGER, item);
            String line = "• " + emoji(NotificationAction.TRIGGER, item.severity()) + " *" + v.get("alertName")
                    + "* — " + v.get("host") + " — " + v.get("outcome") + " " + link(item.incidentUrl(),
                    v.get("incidentId"));
            if (lines.length() + line.length() + 1 > SECTION_MAX) {
                blocks.add(section(lines.toString()));
                lines.setLength(0);
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(Excerpts.limit(line, SECTION_MAX));
        }
        if (items.size() > shown) {
            String more = texts.text(locale, "digest.more", Map.of("count", Integer.toString(items.size() - shown)));
            if (lines.length() + more.length() + 1 > SECTION_MAX) {
                blocks.add(section(lines.toString()));
                lines.setLength(0);
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(more);
        }
        if (!lines.isEmpty()) {
            blocks.add(section(lines.toString()));
        }
        return message;
    }

    private String steps(String locale, List<String> steps) {
        String title = "*" + texts.text(locale, "section.steps") + "*\n";
        if (steps == null || steps.isEmpty()) {
            return title + texts.text(locale, "section.steps.none");
        }
        StringBuilder text = new StringBuilder(title);
        for (String step : steps) {
            text.append("• ").append(step).append('\n');
        }
        return Excerpts.limit(text.toString().stripTrailing(), SECTION_MAX);
    }

    private String links(String locale, NotificationContent c, Map<String, String> values) {
        String open = texts.text(locale, "link.incident", values);
        return Excerpts.limit(link(c.incidentUrl(), open) + "  ·  " + texts.text(locale, "first-seen", values),
                SECTION_MAX);
    }

    /**
     * The hub's link to an incident, {@code <url|label>} ({@code label} already escaped); only the label when the URL
     * could break out of the link syntax (a misconfigured {@code alerthub.outbox.public-url}).
     */
    static String link(String url, String label) {
        if (url == null || !url.matches("https?://[^\\s<>|&\\p{Cc}]+")) {
            return label;
        }
        return "<" + url + "|" + label + ">";
    }

    private static ObjectNode header(String text) {
        ObjectNode block = JSON.objectNode().put("type", "header");
        block.putObject("text").put("type", "plain_text").put("text", Excerpts.limit(text, HEADER_MAX))
                .put("emoji", true);
        return block;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode block = JSON.objectNode().put("type", "section");
        block.set("text", mrkdwn(mrkdwn));
        return block;
    }

    /** A mrkdwn text object; verbatim, so Slack does not link bare URLs or channel names from alert text. */
    private static ObjectNode mrkdwn(String text) {
        return JSON.objectNode().put("type", "mrkdwn").put("text", text).put("verbatim", true);
    }

    private static ObjectNode field(String label, String value) {
        return mrkdwn(Excerpts.limit("*" + label + "*\n" + value, FIELD_MAX));
    }

    private static ObjectNode context(String mrkdwn) {
        ObjectNode block = JSON.objectNode().put("type", "context");
        block.putArray("elements").add(mrkdwn(mrkdwn));
        return block;
    }

    private static String emoji(NotificationAction action, String severity) {
        if (action == NotificationAction.RESOLVE) {
            return ":white_check_mark:";
        }
        if (action == NotificationAction.ACKNOWLEDGE) {
            return ":eyes:";
        }
        if (action == NotificationAction.REFIRE) {
            return ":repeat:";
        }
        if (action == NotificationAction.FLAPPING) {
            return ":arrows_counterclockwise:";
        }
        return switch (severity == null ? "" : severity) {
            case "critical" -> ":red_circle:";
            case "error" -> ":large_orange_circle:";
            case "warning" -> ":large_yellow_circle:";
            default -> ":large_blue_circle:";
        };
    }

    /** Slack's three control characters as entities (Slack: escape {@code &}, {@code <} and {@code >}, nothing else). */
    static String escape(String text) {
        return text == null ? null : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Already escaped text that cannot close the surrounding code block. */
    private static String codeSafe(String text) {
        return text.replace("```", "'''");
    }
}
