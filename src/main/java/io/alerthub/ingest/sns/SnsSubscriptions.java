package io.alerthub.ingest.sns;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.SnsConfig;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles verified SNS subscription and unsubscribe confirmations: a subscription to a topic the customer lists is
 * confirmed at once by a GET on its SubscribeURL (when {@code sns.autoConfirm}, the default), after the URL passed
 * the same host rules as certificate URLs; every other one is recorded for an operator to confirm through the API.
 */
@Component
public class SnsSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SnsSubscriptions.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private final SnsSubscriptionStore store;
    private final CustomerRegistry customers;
    private final SnsCertificates urls;
    private final SnsHttp http;
    private final Clock clock;

    public SnsSubscriptions(SnsSubscriptionStore store, CustomerRegistry customers, SnsCertificates urls, SnsHttp http,
                            Clock clock) {
        this.store = store;
        this.customers = customers;
        this.urls = urls;
        this.http = http;
        this.clock = clock;
    }

    /**
     * Step of the HTTPS route for a verified confirmation: {@link #handle} it, then answer a topic the customer does
     * not list with the same bare 403 as an unknown customer gets (the confirmation is still kept for an operator):
     * otherwise a genuine AWS-signed confirmation, replayed to each customer id, would tell which ids exist.
     */
    public Map<String, Object> handleDelivery(VerifiedSnsMessage verified) {
        Map<String, Object> answer = handle(verified);
        String customerId = verified.raw().customerId();
        boolean listed = customers.find(customerId).flatMap(CustomerConfig::snsSettings)
                .map(settings -> settings.allows(verified.message().topicArn())).orElse(false);
        if (!listed) {
            throw new SnsRejection("sns_subscription_pending", "subscription " + answer.get("subscriptionId")
                    + " to a topic not in sns.topics is kept for an operator");
        }
        return answer;
    }

    /** Route step for a verified confirmation message; returns what the hub did, as the answer body. */
    public Map<String, Object> handle(VerifiedSnsMessage verified) {
        SnsMessage m = verified.message();
        String customerId = verified.raw().customerId();
        SnsSubscription known = store.findByMessage(customerId, m.messageId()).orElse(null);
        if (known != null) {
            return answer(known);
        }
        // the URL is checked before it is stored, so an operator can never be led to confirm a foreign URL
        URI subscribeUrl = urls.checkUrl(m.subscribeUrl(), "SubscribeURL", "sns_subscribe_url_rejected");
        boolean unsubscribe = SnsMessage.UNSUBSCRIBE_CONFIRMATION.equals(m.type());
        SnsSubscription record = new SnsSubscription(Ids.next(), customerId, m.topicArn(), m.messageId(), m.type(),
                subscribeUrl.toString(), unsubscribe ? SnsSubscription.UNSUBSCRIBED : SnsSubscription.PENDING,
                null, clock.instant(), null, null);
        store.insert(record);
        SnsConfig settings = customers.find(customerId).flatMap(CustomerConfig::snsSettings).orElse(null);
        boolean allowed = settings != null && settings.allows(m.topicArn());
        if (unsubscribe) {
            LOG.warn("sns topic \"{}\" unsubscribed customer \"{}\"; subscription {} can restore it", m.topicArn(),
                    customerId, record.id());
        } else if (allowed && settings.autoConfirm()) {
            try {
                confirm(record, "hub");
            } catch (ProblemException e) {
                store.note(record.id(), "automatic confirmation failed: " + e.getMessage());
                LOG.warn("sns subscription {} of customer \"{}\" not confirmed automatically: {}", record.id(),
                        customerId, e.getMessage());
            }
        } else {
            store.note(record.id(), allowed ? "sns.autoConfirm is false" : "topic is not in the customer's sns.topics");
            LOG.info("sns subscription {} of customer \"{}\" to topic \"{}\" waits for an operator", record.id(),
                    customerId, m.topicArn());
        }
        return answer(store.find(record.id()).orElse(record));
    }

    /**
     * Confirms a recorded subscription by a GET on its SubscribeURL; the topic must be in the customer's
     * {@code sns.topics} by now (409 otherwise).
     */
    public SnsSubscription confirm(String id, String operator) {
        SnsSubscription s = store.find(id).orElseThrow(() -> new ProblemException(404, "not_found", "Not found",
                "sns subscription \"" + id + "\" not found"));
        boolean allowed = customers.find(s.customerId()).flatMap(CustomerConfig::snsSettings)
                .map(c -> c.allows(s.topicArn())).orElse(false);
        if (!allowed) {
            throw new ProblemException(409, "sns_topic_not_allowed", "Topic not allowed", "topic \"" + s.topicArn()
                    + "\" is not in sns.topics of customer \"" + s.customerId() + "\"; add it to customer.yaml first");
        }
        confirm(s, operator);
        return store.find(id).orElseThrow();
    }

    private void confirm(SnsSubscription s, String by) {
        URI uri = urls.checkUrl(s.subscribeUrl(), "SubscribeURL", "sns_subscribe_url_rejected");
        SnsHttp.Answer answer;
        try {
            answer = http.get(uri, MAX_ANSWER_BYTES);
        } catch (IOException e) {
            throw new ProblemException(502, "sns_confirm_failed", "Confirmation failed",
                    "GET SubscribeURL failed: " + e.getMessage());
        }
        if (answer.status() != 200) {
            throw new ProblemException(502, "sns_confirm_failed", "Confirmation failed",
                    "GET SubscribeURL answered HTTP " + answer.status());
        }
        store.markConfirmed(s.id(), clock.instant(), by);
        LOG.info("sns subscription {} of customer \"{}\" to topic \"{}\" confirmed by {}", s.id(), s.customerId(),
                s.topicArn(), by);
    }

    private static Map<String, Object> answer(SnsSubscription s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscriptionId", s.id());
        body.put("state", s.state());
        return body;
    }
}
