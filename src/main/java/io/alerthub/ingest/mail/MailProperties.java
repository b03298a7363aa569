package io.alerthub.ingest.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the mail ingest ({@code alerthub.mail.*}): whether mailboxes are polled at all, how a failing mailbox
 * backs off (skip this many poll intervals after a failure), how long it may stay unreachable before the hub raises
 * an internal alert, how many mails one poll takes, and the connect/read timeout.
 */
@ConfigurationProperties("alerthub.mail")
public record MailProperties(Boolean enabled, Integer backoffMultiplier, Duration downAlertAfter,
                             Integer maxMessagesPerPoll, Duration timeout) {
    public MailProperties {
        enabled = enabled == null || enabled;
        backoffMultiplier = backoffMultiplier == null ? 4 : backoffMultiplier;
        downAlertAfter = downAlertAfter == null ? Duration.ofMinutes(10) : downAlertAfter;
        maxMessagesPerPoll = maxMessagesPerPoll == null ? 100 : maxMessagesPerPoll;
        timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
    }
}
