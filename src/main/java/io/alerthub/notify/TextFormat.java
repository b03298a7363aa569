package io.alerthub.notify;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How alert-derived text is made inert for one target format (notify stage): each channel has exactly one, and
 * {@link NotificationContent#in(TextFormat)} applies it to every alert-derived field before anything is rendered, so
 * the hub's own markup (links, mentions, bold labels) is the only markup a message carries.
 *
 * <p>{@link #PLAIN} is the base every format starts from: no control characters (a bell, an escape sequence, a NUL)
 * and no bidirectional overrides (which make {@code exe.pdf} read as {@code fdp.exe}); a {@link #line} also loses its
 * line breaks, so a host name or alert name cannot start a line of its own (a forged mail header, a fake "Incident"
 * line).
 */
public interface TextFormat {
    /** Plain text (e-mail bodies and subjects): control characters and bidi overrides removed. */
    TextFormat PLAIN = plainThen(UnaryOperator.identity());

    /** Text shown on one line: a name, a host, a subject, one step. */
    String line(String text);

    /** Text that may span lines: a summary, diagnostics. */
    String block(String text);

    /** The plain form of a text, then {@code escape} (which must keep null as null) for the target's markup. */
    static TextFormat plainThen(UnaryOperator<String> escape) {
        return new TextFormat() {
            @Override
            public String line(String text) {
                return escape.apply(plainLine(text));
            }

            @Override
            public String block(String text) {
                return escape.apply(plainBlock(text));
            }
        };
    }

    /** {@code text} on one line, without control characters or bidi overrides; null stays null. */
    static String plainLine(String text) {
        return text == null ? null : Unsafe.INVISIBLE.matcher(Unsafe.BREAKS.matcher(text).replaceAll(" "))
                .replaceAll("");
    }

    /** {@code text} with {@code \n} line breaks and tabs only, without other controls or bidi overrides. */
    static String plainBlock(String text) {
        return text == null ? null : Unsafe.INVISIBLE.matcher(Unsafe.NEWLINES.matcher(text).replaceAll("\n"))
                .replaceAll("");
    }

    /** The character classes the plain forms remove. */
    final class Unsafe {
        /** Line breaks of every kind (a run counts once) and tabs. */
        static final Pattern BREAKS = Pattern.compile("[\\r\\n\\t\\u000B\\u000C\\u0085\\u2028\\u2029]+");
        /** Line breaks other than {@code \n}. */
        static final Pattern NEWLINES = Pattern.compile("\\r\\n?|[\\u000B\\u000C\\u0085\\u2028\\u2029]");
        /** Control characters except tab and newline, and the bidirectional embedding/override/isolate marks. */
        static final Pattern INVISIBLE = Pattern.compile(
                "[\\p{Cc}&&[^\\t\\n]]|[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

        private Unsafe() {
        }
    }
}
