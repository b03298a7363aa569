package io.alerthub.normalize.mail;

import io.alerthub.ingest.mail.MailProperties;
import java.time.Duration;

/**
 * The bounds one mail's decode stays within (normalize stage): MIME nesting depth, number of MIME parts and the time
 * budget; a mail beyond any of them is not decoded but quarantined ({@link UnsafeMailException}).
 */
public record MimeLimits(int maxDepth, int maxParts, Duration budget) {

    /** The hub's limits ({@code alerthub.mail.max-mime-depth}, {@code max-mime-parts}, {@code decode-budget}). */
    public static MimeLimits of(MailProperties properties) {
        return new MimeLimits(properties.maxMimeDepth(), properties.maxMimeParts(), properties.decodeBudget());
    }

    /** A decode started now: its deadline and what it has met so far. */
    Budget start() {
        return new Budget(this, System.nanoTime() + budget.toNanos());
    }

    /** One decode's progress against the limits; not shared between threads. */
    static final class Budget {
        private final MimeLimits limits;
        private final long deadline;
        private int parts;

        private Budget(MimeLimits limits, long deadline) {
            this.limits = limits;
            this.deadline = deadline;
        }

        /** A new pass over the same mail: parts counted from zero, the same deadline. */
        Budget nextPass() {
            return new Budget(limits, deadline);
        }

        /** A multipart at {@code depth} (1 = the message's own) is about to be opened. */
        void enter(int depth) throws UnsafeMailException {
            if (depth > limits.maxDepth) {
                throw new UnsafeMailException("mime_depth", "MIME nesting deeper than " + limits.maxDepth + " levels");
            }
            check();
        }

        /** One more body part was met. */
        void part() throws UnsafeMailException {
            if (++parts > limits.maxParts) {
                throw new UnsafeMailException("mime_parts", "more than " + limits.maxParts + " MIME parts");
            }
            check();
        }

        /** Throws once the decode has used its time. */
        void check() throws UnsafeMailException {
            if (System.nanoTime() - deadline > 0) {
                throw new UnsafeMailException("decode_budget", "decoding took longer than " + limits.budget);
            }
        }
    }
}
