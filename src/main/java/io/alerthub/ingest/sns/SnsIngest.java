package io.alerthub.ingest.sns;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.IngestProblems;
import io.alerthub.ingest.PayloadReader;
import io.alerthub.ingest.WebhookAuthentication;
import io.alerthub.model.RawPayload;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest step of route {@code ingest.sns}: reads an SNS body, checks that the {@code x-amz-sns-message-type} header
 * agrees with its Type, that the customer allows its topic, and that AWS signed it ({@link SnsVerifier}). There is
 * no bearer token on this path (SNS cannot send one): the signature and the per-customer topic list are the
 * authentication. The topic is checked before anything is fetched; every refusal answers the same bare 403 (the
 * reason is kept in the rejected store), so the endpoint does not tell existing customers from unknown ones. On the
 * HTTPS endpoint a message older than {@code alerthub.sns.max-message-age} is refused as a replay: SNS stops retrying
 * an HTTP/S delivery within an hour.
 */
@Component
public class SnsIngest {
    public static final String TYPE_HEADER = "x-amz-sns-message-type";
    private static final Logger LOG = LoggerFactory.getLogger(SnsIngest.class);
    private final PayloadReader reader;
    private final CustomerRegistry customers;
    private final SnsVerifier verifier;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SnsProperties properties;

    public SnsIngest(PayloadReader reader, CustomerRegistry customers, SnsVerifier verifier, MeterRegistry meters,
                     Clock clock, SnsProperties properties) {
        this.reader = reader;
        this.customers = customers;
        this.verifier = verifier;
        this.meters = meters;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Step of route {@code ingest.sns}: verifies a delivery to the HTTPS endpoint. The type header is read from the
     * HTTP request itself (never from the query string) and, once verified, replaces the exchange's header, which
     * the route branches on.
     */
    public VerifiedSnsMessage receive(Exchange exchange) {
        Message in = exchange.getIn();
        String typeHeader = WebhookAuthentication.requestHeaders(exchange).apply(TYPE_HEADER);
        VerifiedSnsMessage verified = verify(in.getHeader("customerId", String.class), typeHeader,
                in.getHeader(Exchange.CONTENT_TYPE, String.class), in.getBody(byte[].class));
        // verified by AWS's signature: from here on a refusal is kept in the rejected store
        exchange.setProperty(IngestProblems.AUTHENTICATED, true);
        Instant timestamp = Instant.parse(verified.message().timestamp());
        if (timestamp.isBefore(clock.instant().minus(properties.maxMessageAge()))) {
            LOG.warn("sns message \"{}\" for customer \"{}\" refused: Timestamp {} is older than {}",
                    verified.message().messageId(), in.getHeader("customerId", String.class), timestamp,
                    properties.maxMessageAge());
            throw new SnsRejection("sns_message_too_old", "Timestamp " + SnsCertificates.quote(verified.message()
                    .timestamp()) + " is older than alerthub.sns.max-message-age (" + properties.maxMessageAge() + ")");
        }
        in.setHeader(TYPE_HEADER, verified.message().type());
        return verified;
    }

    /** Verifies one SNS message, from the HTTPS endpoint or an SQS queue; throws {@link SnsRejection} when refused. */
    public VerifiedSnsMessage verify(String customerId, String typeHeader, String contentType, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        SnsMessage message = SnsMessage.of(reader.parse(bytes));
        if (message.type() == null || !SnsMessage.TYPES.contains(message.type())) {
            throw new SnsRejection("sns_type_mismatch", "Type " + SnsCertificates.quote(message.type())
                    + " is not an SNS message type");
        }
        if (!message.type().equals(typeHeader)) {
            throw new SnsRejection("sns_type_mismatch", "header " + TYPE_HEADER + " " + SnsCertificates.quote(typeHeader)
                    + " disagrees with the body's Type " + SnsCertificates.quote(message.type()));
        }
        Optional<CustomerConfig> customer = customers.find(customerId);
        boolean allowed = customer.flatMap(CustomerConfig::snsSettings).map(s -> s.allows(message.topicArn()))
                .orElse(false);
        // a confirmation for a topic not (yet) listed is verified and kept for an operator; everything else stops here
        boolean recordable = customer.isPresent() && SnsMessage.SUBSCRIPTION_CONFIRMATION.equals(message.type());
        if (!allowed && !recordable) {
            LOG.info("sns message for customer \"{}\" from topic \"{}\" refused: {}", customerId, message.topicArn(),
                    customer.isEmpty() ? "no such customer" : "topic not in its sns.topics");
            throw new SnsRejection("sns_topic_not_allowed", null);
        }
        try {
            verifier.verify(message);
        } catch (SnsUnavailableException e) {
            if (allowed) {
                throw e;
            }
            // a retry invitation (503) is for listed topics only: an unlisted topic's confirmation that cannot be
            // verified now is refused and kept in the rejected store, where an operator sees the attempt
            throw new SnsRejection("sns_unverifiable", "the signing certificate of a topic not in sns.topics is not"
                    + " available (pre-provision it, or list the topic)");
        }
        meters.counter("alerthub.sns.verified", "type", message.type(), "signatureVersion",
                message.signatureVersion()).increment();
        RawPayload raw = new RawPayload(Ids.next(), customerId, "sns", "sns", contentType, clock.instant(), bytes);
        return new VerifiedSnsMessage(raw, message);
    }
}
