package io.alerthub.notify;

/**
 * One way of reaching people (Slack, PagerDuty, e-mail): delivers one notification and classifies the outcome so the
 * outbox knows whether to retry; it never throws for a delivery problem.
 */
public interface NotificationChannel {

    /** The channel name notifications carry ({@code slack}, {@code pagerduty}, {@code email}). */
    String name();

    DeliveryResult deliver(Notification n);
}
