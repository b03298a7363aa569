package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's SQS queue ({@code sns.sqs:} in customer.yaml): the queue the hub polls instead of receiving SNS over
 * HTTPS, for hubs that cannot expose an endpoint. Says where the queue is (URL or name, region, an optional endpoint
 * override), how the hub signs in (keys by reference, or the default AWS credential chain), how it polls, and whether
 * the queue carries SNS envelopes ({@code sns}, signature-verified) or raw messages ({@code raw}, trusted because the
 * queue is the customer's).
 */
public record SqsConfig(
        @NotBlank(message = "is required") String queue,
        @NotBlank(message = "is required")
        @Pattern(regexp = SqsConfig.REGION, message = "invalid region %s (e.g. ap-northeast-1)") String region,
        @Pattern(regexp = "https?://[^\\s/?#]+/?", message = "invalid endpoint %s (valid: http(s)://host[:port])")
        String endpoint,
        @Valid Credentials credentials,
        MessageFormat messageFormat,
        @Pattern(regexp = SqsConfig.INTERVAL, message = "invalid interval %s (e.g. 1s, 500ms)") String pollInterval,
        @Pattern(regexp = "([0-9]|1[0-9]|20)s", message = "invalid wait time %s (valid: 0s to 20s)") String waitTime,
        @Min(value = 1, message = "must be between 1 and 10, got %s")
        @Max(value = 10, message = "must be between 1 and 10, got %s") Integer maxMessagesPerPoll,
        @Pattern(regexp = "[1-9][0-9]*(s|m|h)", message = "invalid visibility timeout %s (whole seconds, e.g. 60s, 5m)")
        String visibilityTimeout) {

    static final String REGION = "[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]";
    static final String INTERVAL = "[1-9][0-9]*(ms|s|m|h)";
    /** A queue name as SQS allows it (a FIFO queue's name ends in {@code .fifo}). */
    static final String QUEUE_NAME = "[A-Za-z0-9_-]{1,80}(\\.fifo)?";
    /** SQS's longest visibility timeout. */
    static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    /** What the queue's message bodies are. */
    public enum MessageFormat {
        /** SNS envelopes (raw message delivery off): each is signature-verified and its topic checked */
        @JsonProperty("sns") SNS,
        /** the published message itself (SNS raw message delivery, or EventBridge/CloudWatch straight to SQS) */
        @JsonProperty("raw") RAW
    }

    /** Static keys for the queue, each by reference; without them the hub uses the default AWS credential chain. */
    public record Credentials(
            @NotNull(message = "is required") Secret accessKeyId,
            @NotNull(message = "is required") Secret secretAccessKey,
            Secret sessionToken) {
    }

    public SqsConfig {
        messageFormat = messageFormat == null ? MessageFormat.SNS : messageFormat;
        pollInterval = blankTo(pollInterval, "1s");
        waitTime = blankTo(waitTime, "20s");
        maxMessagesPerPoll = maxMessagesPerPoll == null ? 10 : maxMessagesPerPoll;
        // longer than the inbox commit timeout (30s), so a slow commit is not handed to another poller mid-way
        visibilityTimeout = blankTo(visibilityTimeout, "60s");
    }

    /** True when {@code queue} is a queue URL rather than a name. */
    public boolean queueIsUrl() {
        return queue.startsWith("https://") || queue.startsWith("http://");
    }

    /** The queue's name: {@code queue} itself, or the last path segment of its URL. */
    public String queueName() {
        if (!queueIsUrl()) {
            return queue;
        }
        String path = URI.create(queue).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The endpoint override, when the queue is not reached at AWS's own endpoint for the region. */
    public Optional<URI> endpointOverride() {
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }

    /** The static keys, when configured; empty means the default AWS credential chain. */
    public Optional<Credentials> staticCredentials() {
        return Optional.ofNullable(credentials);
    }

    public Duration pollDuration() {
        return DurationStyle.SIMPLE.parse(pollInterval);
    }

    public Duration waitDuration() {
        return DurationStyle.SIMPLE.parse(waitTime);
    }

    public Duration visibilityDuration() {
        return DurationStyle.SIMPLE.parse(visibilityTimeout);
    }

    SqsConfig withCredentials(Credentials resolved) {
        return new SqsConfig(queue, region, endpoint, resolved, messageFormat, pollInterval, waitTime,
                maxMessagesPerPoll, visibilityTimeout);
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
