package io.alerthub.notify;

/**
 * Cuts customer-facing text to a channel's limit without splitting a character (Japanese text and emoji are often
 * outside the BMP or combined), marking the cut so nobody mistakes an excerpt for the whole.
 */
public final class Excerpts {
    /** Appended where text was cut. */
    public static final String CUT = "…";

    private Excerpts() {
    }

    /** {@code text} if it has at most {@code max} UTF-16 units (the unit Slack and PagerDuty count), else its start. */
    public static String limit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - CUT.length());
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + CUT;
    }

    /** The last {@code max} units of {@code text}: for logs and command output, where the end says most. */
    public static String tail(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int start = text.length() - Math.max(0, max - CUT.length());
        if (start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return CUT + text.substring(start);
    }
}
