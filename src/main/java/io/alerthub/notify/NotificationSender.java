package io.alerthub.notify;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The send step of route {@code notify.outbox}: hands a decided notification to its channel and returns the
 * channel's classified verdict. A refusal passes through untried.
 */
@Component
public class NotificationSender {
    private final NotificationChannels channels;
    private final Clock clock;

    public NotificationSender(NotificationChannels channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    public Attempt send(Dispatch dispatch) {
        if (dispatch.refusal() != null) {
            return new Attempt(dispatch, DeliveryResult.failed(dispatch.refusal()), false, clock.instant());
        }
        Notification n = dispatch.notification();
        DeliveryResult result = channels.find(n.channel()).map(c -> c.deliver(n))
                .orElseGet(() -> DeliveryResult.failed("channel " + n.channel() + " is not available"));
        return new Attempt(dispatch, result, true, clock.instant());
    }
}
