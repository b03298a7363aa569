package io.alerthub.normalize.mail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One alert mail decoded for the parsers: Message-ID, sender, recipients, the subject with encoded words decoded, the
 * sending date and the readable body as plain text (the text/plain alternative when there is one, else the HTML
 * part turned into text; attachments left out).
 */
public record MailText(String messageId, String from, String to, String subject, Instant sentAt, String body) {

    public MailText {
        subject = subject == null ? "" : subject.strip();
        body = body == null ? "" : body;
        from = from == null ? "" : from;
        to = to == null ? "" : to;
    }

    /** The same mail with its readable body. */
    public MailText withBody(String text) {
        return new MailText(messageId, from, to, subject, sentAt, text);
    }

    /**
     * The body's {@code Key: value} lines, keys lower-cased and trimmed ({@code "- Name:"} and full-width colons
     * accepted), the first occurrence of a key kept; a value may be empty.
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines()) {
            String l = line.strip();
            if (l.startsWith("- ")) {
                l = l.substring(2);
            }
            int colon = indexOfColon(l);
            if (colon <= 0 || colon > 60) {
                continue;
            }
            String key = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.contains("://") || key.startsWith("http")) {
                continue;
            }
            fields.putIfAbsent(key, l.substring(colon + 1).strip());
        }
        return fields;
    }

    /** The body's lines, line breaks of any kind. */
    public String[] lines() {
        return body.split("\r\n|\r|\n", -1);
    }

    /** Subject and body, for patterns that may match in either. */
    public String subjectAndBody() {
        return subject + "\n" + body;
    }

    private static int indexOfColon(String line) {
        int ascii = line.indexOf(':');
        int wide = line.indexOf('：');
        if (ascii < 0) {
            return wide;
        }
        return wide < 0 ? ascii : Math.min(ascii, wide);
    }
}
