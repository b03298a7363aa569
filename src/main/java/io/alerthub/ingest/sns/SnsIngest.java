package io.alerthub.ingest.sns;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.PayloadReader;
import io.alerthub.model.RawPayload;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest step of route {@code ingest.sns}: reads an SNS body, checks that the {@code x-amz-sns-message-type} header
 * agrees with its Type, that the customer allows its topic, and that AWS signed it ({@link SnsVerifier}). There is
 * no bearer token on this path (SNS cannot send one): the signature and the per-customer topic list are the
 * authentication. The topic is checked before anything is fetched; an unknown customer and a topic it does not list
 * get the same bare 403.
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

    public SnsIngest(PayloadReader reader, CustomerRegistry customers, SnsVerifier verifier, MeterRegistry meters,
                     Clock clock) {
        this.reader = reader;
        this.customers = customers;
        this.verifier = verifier;
        this.meters = meters;
        this.clock = clock;
    }

    public VerifiedSnsMessage verify(@Header("customerId") String customerId, @Header(TYPE_HEADER) String typeHeader,
                                     @Header("Content-Type") String contentType, @Body byte[] body) {
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
