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
            StringBuilder headers = new StringBuilder();
            try {
                for (var h = mail.getAllHeaders(); h.hasMoreElements(); ) {
                    var header = h.nextElement();
                    headers.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
                }
            } catch (Exception ignored) {
                // not even the headers: the note below is all there is
            }
            headers.append("\r\nthe hub could not read this mail's content: ").append(e).append("\r\n");
            return headers.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
