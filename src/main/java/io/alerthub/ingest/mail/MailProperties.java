package io.alerthub.ingest.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the mail ingest ({@code alerthub.mail.*}): whether mailboxes are polled at all, how a failing mailbox
 * backs off (skip this many poll intervals after a failure), how long it may stay unreachable before the hub raises
 * an internal alert, how many mails one poll takes, the connect/read timeout, how many workers parse and store the
 * mails of a poll concurrently (their inbox commits then share transactions), and the bounds that keep one hostile
 * mail from costing more than a bounded amount of work: the largest mail fetched whole, the deepest MIME nesting, the
 * most MIME parts and the time one mail may take to decode.
 */
@ConfigurationProperties("alerthub.mail")
public record MailProperties(Boolean enabled, Integer backoffMultiplier, Duration downAlertAfter,
                             Integer maxMessagesPerPoll, Duration timeout, Integer workers, DataSize maxMessageSize,
                             Integer maxMimeDepth, Integer maxMimeParts, Duration decodeBudget) {
    public MailProperties {
        enabled = enabled == null || enabled;
        backoffMultiplier = backoffMultiplier == null ? 4 : backoffMultiplier;
        downAlertAfter = downAlertAfter == null ? Duration.ofMinutes(10) : downAlertAfter;
        maxMessagesPerPoll = maxMessagesPerPoll == null ? 100 : maxMessagesPerPoll;
        timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
        workers = workers == null ? 8 : workers;
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(10) : maxMessageSize;
        maxMimeDepth = maxMimeDepth == null ? 20 : maxMimeDepth;
        maxMimeParts = maxMimeParts == null ? 200 : maxMimeParts;
        decodeBudget = decodeBudget == null ? Duration.ofSeconds(2) : decodeBudget;
        if (maxMessageSize.toBytes() < 1 || maxMessageSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("alerthub.mail.max-message-size: invalid size \"" + maxMessageSize
                    + "\" (valid: 1B to 2GB)");
        }
        positive("max-mime-depth", maxMimeDepth);
        positive("max-mime-parts", maxMimeParts);
        if (decodeBudget.isNegative() || decodeBudget.isZero()) {
            throw new IllegalArgumentException("alerthub.mail.decode-budget: must be positive, was \"" + decodeBudget
                    + "\"");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("alerthub.mail." + name + ": must be at least 1, was \"" + value + "\"");
        }
    }
}
