package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.escalate.quiet.Audience;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The notify stage's channels by name, and which of them a customer configured. */
@Component
public class NotificationChannels {
    private final Map<String, NotificationChannel> byName;

    public NotificationChannels(List<NotificationChannel> channels) {
        this.byName = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
    }

    /** The channel {@code name} if the hub has it and the customer's notifications: section configures it. */
    public Optional<NotificationChannel> configured(String name, CustomerConfig customer) {
        return Optional.ofNullable(byName.get(name))
                .filter(c -> EscalationPlanner.configuredChannels(customer).contains(name));
    }

    /** Who channel {@code name} reaches; internal people for a channel the hub does not have. */
    public Audience audience(String name) {
        NotificationChannel channel = byName.get(name);
        return channel == null ? Audience.INTERNAL : channel.audience();
    }

    /** Whether channel {@code name} takes digests; false for a channel the hub does not have. */
    public boolean digests(String name) {
        NotificationChannel channel = byName.get(name);
        return channel != null && channel.digests();
    }

    /** The channel {@code name}, configured or not (a digest goes out on the channel its members were queued for). */
    public Optional<NotificationChannel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
