package io.alerthub.ingest.mail;

import java.time.Instant;

/**
 * Published when a customer's mailbox has been unreachable for longer than {@code alerthub.mail.down-alert-after}
 * ({@code up == false}), and when such a mailbox answers again ({@code up == true}); the triage stage turns it into
 * an internal alert of that customer.
 *
 * @param downSince when the outage began (identifies the outage)
 * @param detail    the last error, safe to show (no credentials)
 */
public record MailboxStatusChanged(String customerId, boolean up, Instant downSince, String detail) {
}
