package io.alerthub.ingest.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the mail ingest ({@code alerthub.mail.*}): whether mailboxes are polled at all, how a failing mailbox
 * backs off (skip this many poll intervals after a failure), how long it may stay unreachable before the hub raises
 * an internal alert, how many mails one poll takes, the connect/read timeout, and how many workers parse and store the
 * mails of a poll concurrently (their inbox commits then share transactions).
 */
@ConfigurationProperties("alerthub.mail")
public record MailProperties(Boolean enabled, Integer backoffMultiplier, Duration downAlertAfter,
                             Integer maxMessagesPerPoll, Duration timeout, Integer workers) {
    public MailProperties {
        enabled = enabled == null || enabled;
        backoffMultiplier = backoffMultiplier == null ? 4 : backoffMultiplier;
        downAlertAfter = downAlertAfter == null ? Duration.ofMinutes(10) : downAlertAfter;
        maxMessagesPerPoll = maxMessagesPerPoll == null ? 100 : maxMessagesPerPoll;
        timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
        workers = workers == null ? 8 : workers;
    }
}
