package io.alerthub.analytics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Durations at one-second resolution (whole seconds to count), as the database hands them over grouped: mergeable
 * across customers, days and departments, and exact for nearest-rank percentiles of whole seconds.
 */
final class Histogram {
    private final TreeMap<Long, Long> counts = new TreeMap<>();
    private long total;

    void add(long seconds, long n) {
        counts.merge(seconds, n, Long::sum);
        total += n;
    }

    void addAll(Histogram other) {
        other.counts.forEach(this::add);
    }

    /** The counts as text for a rollup row: {@code seconds:count} pairs separated by blanks, ascending. */
    String encode() {
        StringBuilder text = new StringBuilder();
        counts.forEach((seconds, n) -> text.append(text.isEmpty() ? "" : " ").append(seconds).append(':').append(n));
        return text.toString();
    }

    /** Adds the counts of {@link #encode()}'s text. */
    void addEncoded(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int start = 0;
        while (start < text.length()) {
            int colon = text.indexOf(':', start);
            int end = text.indexOf(' ', colon);
            end = end < 0 ? text.length() : end;
            add(Long.parseLong(text, start, colon, 10), Long.parseLong(text, colon + 1, end, 10));
            start = end + 1;
        }
    }

    long total() {
        return total;
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code q} of all values at or below it; null for
     * no values.
     */
    Long percentile(double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }
}
