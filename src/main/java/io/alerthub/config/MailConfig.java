package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's alert mailbox ({@code mail:} in customer.yaml): where the hub reads the monitoring mails over IMAP(S),
 * with which login (the password by reference), which folders it files processed and unreadable mail into, how often
 * it polls, and the customer's own rule parsers for mail no built-in parser knows.
 */
public record MailConfig(
        @Pattern(regexp = "imaps?", message = "invalid protocol %s (valid: imap, imaps)") String protocol,
        @NotBlank(message = "is required") String host,
        @Min(value = 1, message = "must be between 1 and 65535, got %s")
        @Max(value = 65535, message = "must be between 1 and 65535, got %s") Integer port,
        @NotBlank(message = "is required") String username,
        @NotNull(message = "is required") Secret password,
        String folder,
        String processedFolder,
        String quarantineFolder,
        @Pattern(regexp = MailConfig.INTERVAL, message = "invalid interval %s (e.g. 30s, 2m)") String pollInterval,
        @Valid List<@NotNull(message = "is required") MailRule> rules) {

    static final String INTERVAL = "[1-9][0-9]*(ms|s|m|h)";

    public MailConfig {
        protocol = protocol == null ? "imaps" : protocol;
        port = port == null ? ("imap".equals(protocol) ? 143 : 993) : port;
        folder = blankTo(folder, "INBOX");
        processedFolder = blankTo(processedFolder, "Processed");
        quarantineFolder = blankTo(quarantineFolder, "Quarantine");
        pollInterval = blankTo(pollInterval, "30s");
        rules = CustomerConfig.immutable(rules);
    }

    /** How long the hub waits between two polls of this mailbox. */
    public Duration pollDuration() {
        return DurationStyle.SIMPLE.parse(pollInterval);
    }

    MailConfig withPassword(Secret resolved) {
        return new MailConfig(protocol, host, port, username, resolved, folder, processedFolder, quarantineFolder,
                pollInterval, rules);
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
