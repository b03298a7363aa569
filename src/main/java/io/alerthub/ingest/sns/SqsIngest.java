package io.alerthub.ingest.sns;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.ingest.PayloadReader;
import io.alerthub.model.RawPayload;
import io.alerthub.store.RejectedInput;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Ingest steps of the per-customer SQS routes ({@code ingest.sqs.<customerId>}): reads a message the queue consumer
 * received into a {@link VerifiedSnsMessage}, deletes it from the queue once the inbox has committed it, and decides
 * what a failure means for the message. A body that is an SNS envelope is verified exactly as on the HTTPS endpoint
 * ({@link SnsIngest}: topic list, then signature); any other body is the message itself, trusted only because the
 * queue is the customer's (format {@code raw}), or, on an {@code sns} queue, accepted only when it is not JSON (it
 * then becomes an uninterpreted alert of class unknown), so no unsigned JSON is ever acted on there.
 */
@Component
public class SqsIngest {
    /** Route header: the customer whose queue the message came from. */
    public static final String CUSTOMER_HEADER = "alerthubCustomerId";
    /** Route header: the queue's {@code messageFormat} ({@code sns} or {@code raw}). */
    public static final String FORMAT_HEADER = "alerthubSqsMessageFormat";
    /** Set by {@link #read}: the SNS message type, {@code Notification} for a raw message. */
    public static final String TYPE_HEADER = "alerthubSnsType";
    /** Inbox format of a message that is not an SNS envelope. */
    public static final String RAW_FORMAT = "sns-raw";
    static final String CHANNEL = "sqs";
    private static final String RECEIPT = "alerthubSqsReceiptHandle";
    private static final String MESSAGE_ID = "alerthubSqsMessageId";
    private static final String CUSTOMER = "alerthubSqsCustomer";
    private static final String BODY = "alerthubSqsBody";
    private static final String INBOX_FORMAT = "alerthubSqsInboxFormat";
    private static final Logger LOG = LoggerFactory.getLogger(SqsIngest.class);
    private final SnsIngest sns;
    private final PayloadReader reader;
    private final RejectedStore rejected;
    private final MeterRegistry meters;
    private final Clock clock;

    public SqsIngest(SnsIngest sns, PayloadReader reader, RejectedStore rejected, MeterRegistry meters, Clock clock) {
        this.sns = sns;
        this.reader = reader;
        this.rejected = rejected;
        this.meters = meters;
        this.clock = clock;
    }

    /** Route step: the received message as an SNS message ready to normalize; throws when it must not be stored. */
    public VerifiedSnsMessage read(Exchange exchange) {
        Message in = exchange.getMessage();
        String customerId = in.getHeader(CUSTOMER_HEADER, String.class);
        String sqsMessageId = in.getHeader(Sqs2Constants.MESSAGE_ID, String.class);
        byte[] body = in.getBody(byte[].class);
        byte[] bytes = body == null ? new byte[0] : body;
        // kept aside for delete() and failed(): the body and headers change on the way
        exchange.setProperty(RECEIPT, in.getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class));
        exchange.setProperty(MESSAGE_ID, sqsMessageId);
        exchange.setProperty(CUSTOMER, customerId);
        exchange.setProperty(BODY, bytes);
        boolean raw = "raw".equals(in.getHeader(FORMAT_HEADER, String.class));

        JsonNode json = parse(bytes);
        VerifiedSnsMessage result;
        if (json != null && json.isObject() && json.has("Type")) {
            // claims to be an SNS envelope, on either kind of queue: it must prove it
            exchange.setProperty(INBOX_FORMAT, "sns");
            VerifiedSnsMessage verified = sns.verify(customerId, json.get("Type").asText(), "text/plain", bytes);
            RawPayload r = verified.raw();
            result = new VerifiedSnsMessage(new RawPayload(r.id(), r.customerId(), CHANNEL, r.format(), r.contentType(),
                    r.receivedAt(), r.body()), verified.message());
        } else if (raw || json == null) {
            exchange.setProperty(INBOX_FORMAT, RAW_FORMAT);
            // the SQS message id is the event id: a redelivery of this message is recognised by the inbox
            SnsMessage message = new SnsMessage(SnsMessage.NOTIFICATION, sqsMessageId, null, null,
                    new String(bytes, StandardCharsets.UTF_8), null, null, null, null, null, null, null);
            result = new VerifiedSnsMessage(new RawPayload(Ids.next(), customerId, CHANNEL, RAW_FORMAT, "text/plain",
                    clock.instant(), bytes), message);
        } else {
            exchange.setProperty(INBOX_FORMAT, RAW_FORMAT);
            throw new SnsRejection("sqs_unsigned_json", "the queue's messageFormat is \"sns\" and this JSON body is not"
                    + " an SNS envelope (no \"Type\"); turn off raw message delivery on the subscription, or set"
                    + " sns.sqs.messageFormat to \"raw\"");
        }
        in.setHeader(TYPE_HEADER, result.message().type());
        return result;
    }

    /** Route step after the inbox commit: removes the message from the queue. */
    public void delete(Exchange exchange) {
        deleteMessage(exchange, "stored");
    }

    /**
     * Error step of the SQS routes. A refusal (a forged or malformed message, any 4xx) is recorded in the rejected
     * store and then deleted, so it does not come back for ever; anything else (the inbox could not commit, a signing
     * certificate could not be fetched) leaves the message in the queue, and SQS delivers it again once its
     * visibility timeout has passed.
     */
    public void failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String customerId = exchange.getProperty(CUSTOMER, String.class);
        String messageId = exchange.getProperty(MESSAGE_ID, String.class);
        if (caught instanceof ProblemException problem && problem.status() < 500) {
            byte[] body = exchange.getProperty(BODY, byte[].class);
            try {
                rejected.insert(new RejectedInput(Ids.next(), customerId, CHANNEL,
                        exchange.getProperty(INBOX_FORMAT, RAW_FORMAT, String.class), problem.reason(), problem.status(),
                        problem.getMessage(), clock.instant(), body == null ? 0 : body.length, null), body);
            } catch (RuntimeException e) {
                // not recorded: keep it in the queue rather than lose it
                LOG.error("customer {}: SQS message {} refused ({}) but not recorded ({}); left in the queue",
                        customerId, messageId, problem.reason(), e.toString());
                count("retry");
                return;
            }
            meters.counter("alerthub.ingest.rejected", "reason", problem.reason(), "channel", CHANNEL).increment();
            LOG.info("customer {}: SQS message {} refused: {} {}", customerId, messageId, problem.reason(),
                    problem.getMessage() == null ? "" : problem.getMessage());
            deleteMessage(exchange, "rejected");
        } else {
            LOG.warn("customer {}: SQS message {} not stored ({}); left in the queue for SQS to deliver again",
                    customerId, messageId, caught == null ? "unknown failure" : caught.toString());
            count("retry");
        }
    }

    private void deleteMessage(Exchange exchange, String outcome) {
        String customerId = exchange.getProperty(CUSTOMER, String.class);
        String messageId = exchange.getProperty(MESSAGE_ID, String.class);
        String receipt = exchange.getProperty(RECEIPT, String.class);
        if (!(exchange.getFromEndpoint() instanceof Sqs2Endpoint endpoint) || receipt == null) {
            throw new IllegalStateException("not an exchange from an SQS consumer");
        }
        try {
            endpoint.getClient().deleteMessage(d -> d.queueUrl(endpoint.getConfiguration().getQueueUrl())
                    .receiptHandle(receipt));
            count(outcome);
        } catch (SdkException e) {
            // the message comes back after its visibility timeout, and the inbox knows it by its message id
            LOG.warn("customer {}: SQS message {} ({}) could not be deleted ({}); it will be delivered again and"
                    + " recognised as a duplicate", customerId, messageId, outcome, e.toString());
            count("delete_failed");
        }
    }

    private void count(String outcome) {
        meters.counter("alerthub.sqs.messages", "outcome", outcome).increment();
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return reader.parse(bytes);
        } catch (ProblemException e) {
            return null; // not JSON: the text itself is the message
        }
    }
}
