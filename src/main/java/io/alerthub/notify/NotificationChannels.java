package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.escalate.quiet.Audience;
import io.alerthub.model.ChannelKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The notify stage's channels by kind, and which of them a customer configured. */
@Component
public class NotificationChannels {
    private final Map<ChannelKind, NotificationChannel> byKind;

    public NotificationChannels(List<NotificationChannel> channels) {
        this.byKind = channels.stream().collect(Collectors.toMap(NotificationChannel::kind, Function.identity()));
    }

    /** The channel {@code kind} if the hub has it and the customer's notifications: section configures it. */
    public Optional<NotificationChannel> configured(ChannelKind kind, CustomerConfig customer) {
        return Optional.ofNullable(byKind.get(kind))
                .filter(c -> EscalationPlanner.configuredChannels(customer).contains(kind));
    }

    /** Who channel {@code kind} reaches; internal people for a channel the hub does not have. */
    public Audience audience(ChannelKind kind) {
        NotificationChannel channel = byKind.get(kind);
        return channel == null ? Audience.INTERNAL : channel.audience();
    }

    /** Whether channel {@code kind} takes digests; false for a channel the hub does not have. */
    public boolean digests(ChannelKind kind) {
        NotificationChannel channel = byKind.get(kind);
        return channel != null && channel.digests();
    }

    /** The channel {@code kind}, configured or not (a digest goes out on the channel its members were queued for). */
    public Optional<NotificationChannel> find(ChannelKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
