package io.alerthub.notify;

import java.time.Instant;

/**
 * What the send step of route {@code notify.outbox} hands to the settle step: the dispatch, the channel's verdict,
 * and when the attempt ended.
 *
 * @param tried false for a refusal that never reached the channel (it costs no attempt)
 */
public record Attempt(Dispatch dispatch, DeliveryResult result, boolean tried, Instant at) {
}
