package io.alerthub.ingest.mail;

import io.alerthub.model.RawPayload;
import io.alerthub.support.Ids;
import jakarta.mail.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest stage for mail: turns the message a mailbox consumer fetched into the inbox record (channel and format
 * {@code mail}, the raw RFC 822 bytes as body). A message whose content cannot be fetched is still recorded, with what
 * could be read of its headers, so it becomes an alert and goes to quarantine instead of blocking the mailbox.
 */
@Component("mailReader")
public class MailReader {
    /** Exchange header carrying the customer whose mailbox the mail came from (set by the route). */
    public static final String CUSTOMER_HEADER = "alerthubCustomerId";
    /**
     * Exchange header the poller sets, to the mail's size in bytes, when the mail is over
     * {@code alerthub.mail.max-message-size}: the body holds its headers only.
     */
    public static final String TOO_LARGE_HEADER = "alerthubMailTooLarge";
    /**
     * Exchange header the normalize stage sets on a mail it refused to decode (too large, beyond a MIME bound): the
     * poller leaves it in its folder marked \Seen and \Flagged instead of copying it to the quarantine folder, because
     * a copy makes some IMAP servers (GreenMail among them) parse the mail again, at the cost the hub just avoided.
     */
    public static final String HOLD_HEADER = "alerthubMailHold";
    private static final Logger LOG = LoggerFactory.getLogger(MailReader.class);
    private final Clock clock;

    public MailReader(Clock clock) {
        this.clock = clock;
    }

    public RawPayload read(Exchange exchange) {
        String customerId = exchange.getMessage().getHeader(CUSTOMER_HEADER, String.class);
        MailMessage in = exchange.getIn(MailMessage.class);
        Message mail = in == null ? null : in.getOriginalMessage();
        byte[] bytes;
        if (mail == null) {
            bytes = exchange.getMessage().getBody(byte[].class);
        } else {
            bytes = rawBytes(customerId, mail);
        }
        return new RawPayload(Ids.next(), customerId, "mail", "mail", "message/rfc822", clock.instant(),
                bytes == null ? new byte[0] : bytes);
    }

    static byte[] rawBytes(String customerId, Message mail) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.writeTo(out);
            return out.toByteArray();
        } catch (Exception e) {
            LOG.warn("customer {}: mail #{} cannot be read whole ({}); keeping its headers", customerId,
                    mail.getMessageNumber(), e.toString());
            return headersOnly(mail, "the hub could not read this mail's content: " + e);
        }
    }

    /**
     * The mail's header block followed by {@code note} as the body: what the hub keeps of a mail whose body it does
     * not fetch or cannot read. The note must not vary between reads, as it is part of the bytes hashed for a mail
     * without a Message-ID.
     */
    static byte[] headersOnly(Message mail, String note) {
        StringBuilder headers = new StringBuilder();
        try {
            for (var h = mail.getAllHeaders(); h.hasMoreElements(); ) {
                var header = h.nextElement();
                headers.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
            }
        } catch (Exception ignored) {
            // not even the headers: the note below is all there is
        }
        headers.append("\r\n").append(note).append("\r\n");
        return headers.toString().getBytes(StandardCharsets.UTF_8);
    }
}
