package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer's AWS SNS settings ({@code sns:} in customer.yaml): the topics whose messages are accepted, whether a
 * subscription to one of them is confirmed without an operator, what a CloudWatch {@code INSUFFICIENT_DATA} state
 * becomes, which customer host an AWS resource id (instance id, DB instance, load balancer, …) stands for, and the
 * SQS queue the hub polls instead of (or besides) the HTTPS endpoint.
 */
public record SnsConfig(
        List<@NotNull(message = "is required")
             @Pattern(regexp = SnsConfig.TOPIC_ARN, message = "invalid topic arn %s (valid: " + SnsConfig.TOPIC_RULE + ")")
             String> topics,
        Boolean autoConfirm,
        InsufficientData insufficientData,
        Map<String, String> hostMap,
        @Valid SqsConfig sqs) {

    static final String TOPIC_ARN = "arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}";
    static final String TOPIC_RULE = "arn:aws:sns:<region>:<12-digit account>:<topic name>";

    /** What a CloudWatch alarm entering {@code INSUFFICIENT_DATA} becomes. */
    public enum InsufficientData {
        /** no alert; the message is still kept in the inbox */
        @JsonProperty("ignore") IGNORE,
        /** a firing alert of severity warning */
        @JsonProperty("warning") WARNING,
        /** resolves the alarm's incident, as OK does */
        @JsonProperty("resolved") RESOLVED
    }

    @JsonCreator
    public SnsConfig {
        topics = CustomerConfig.immutable(topics);
        autoConfirm = autoConfirm == null ? Boolean.TRUE : autoConfirm;
        insufficientData = insufficientData == null ? InsufficientData.IGNORE : insufficientData;
        hostMap = hostMap == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(hostMap));
    }

    /** Settings without a queue (the HTTPS endpoint only). */
    public SnsConfig(List<String> topics, Boolean autoConfirm, InsufficientData insufficientData,
                     Map<String, String> hostMap) {
        this(topics, autoConfirm, insufficientData, hostMap, null);
    }

    /** The customer's SQS queue, when {@code sns.sqs} is set. */
    public Optional<SqsConfig> queue() {
        return Optional.ofNullable(sqs);
    }

    SnsConfig withSqs(SqsConfig resolved) {
        return new SnsConfig(topics, autoConfirm, insufficientData, hostMap, resolved);
    }

    /** True when messages of {@code topicArn} are accepted for this customer. */
    public boolean allows(String topicArn) {
        return topicArn != null && topics.contains(topicArn);
    }
}
