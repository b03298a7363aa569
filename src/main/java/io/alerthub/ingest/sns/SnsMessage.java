package io.alerthub.ingest.sns;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.support.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One message AWS SNS posted to the hub, as its JSON fields ({@code Type}, {@code MessageId}, {@code TopicArn}, …);
 * nothing in it is trusted until {@link SnsVerifier} has checked its signature.
 */
public record SnsMessage(String type, String messageId, String topicArn, String subject, String message,
                         String timestamp, String signatureVersion, String signature, String signingCertUrl,
                         String subscribeUrl, String unsubscribeUrl, String token) {
    public static final String NOTIFICATION = "Notification";
    public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    public static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";
    static final Set<String> TYPES = Set.of(NOTIFICATION, SUBSCRIPTION_CONFIRMATION, UNSUBSCRIBE_CONFIRMATION);

    /** Reads the fields of a parsed SNS body; a field that is present must be a string. */
    static SnsMessage of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw malformed("an SNS message is a JSON object");
        }
        return new SnsMessage(field(json, "Type"), field(json, "MessageId"), field(json, "TopicArn"),
                field(json, "Subject"), field(json, "Message"), field(json, "Timestamp"),
                field(json, "SignatureVersion"), field(json, "Signature"), field(json, "SigningCertURL"),
                field(json, "SubscribeURL"), field(json, "UnsubscribeURL"), field(json, "Token"));
    }

    /**
     * The exact text AWS signs: {@code name\nvalue\n} for each signed field in AWS's fixed order. Notifications sign
     * Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; confirmations sign Message,
     * MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
     */
    public byte[] stringToSign() {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"Message", message});
        fields.add(new String[] {"MessageId", messageId});
        if (NOTIFICATION.equals(type)) {
            if (subject != null) {
                fields.add(new String[] {"Subject", subject});
            }
            fields.add(new String[] {"Timestamp", timestamp});
            fields.add(new String[] {"TopicArn", topicArn});
        } else {
            fields.add(new String[] {"SubscribeURL", subscribeUrl});
            fields.add(new String[] {"Timestamp", timestamp});
            fields.add(new String[] {"Token", token});
            fields.add(new String[] {"TopicArn", topicArn});
        }
        fields.add(new String[] {"Type", type});
        StringBuilder text = new StringBuilder();
        for (String[] f : fields) {
            if (f[1] == null) {
                throw new SnsRejection("sns_malformed", "signed field \"" + f[0] + "\" is missing");
            }
            text.append(f[0]).append('\n').append(f[1]).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String field(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed("field \"" + name + "\" must be a string, got " + value.getNodeType().toString().toLowerCase());
        }
        return value.asText();
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(400, "sns_malformed", "Malformed SNS message", detail);
    }
}
