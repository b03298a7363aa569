package io.alerthub.notify.email;

import io.alerthub.config.NotificationsConfig;
import java.util.List;

/** Who one customer's notification e-mails go to (the emergency contacts), who they come from and who replies reach. */
public record EmailTarget(List<String> to, String from, String replyTo) {

    public EmailTarget {
        to = to == null ? List.of() : List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("email target needs at least one recipient");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("email target needs a sender");
        }
    }

    /** The target a customer's {@code notifications.email} describes. */
    public static EmailTarget of(NotificationsConfig.EmailSettings settings) {
        return new EmailTarget(settings.to(), settings.from(), settings.replyTo());
    }
}
