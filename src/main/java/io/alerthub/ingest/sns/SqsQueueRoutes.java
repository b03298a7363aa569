package io.alerthub.ingest.sns;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRouteGroups;
import io.alerthub.config.Secret;
import io.alerthub.config.SnsConfig;
import io.alerthub.config.SqsConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Keeps one SQS route per customer with an {@code sns.sqs} section: instantiates the {@code ingest.sqs} route template
 * (routes/ingest/sqs.camel.yaml) as {@code ingest.sqs.<customerId>} once the hub is ready, and replaces or removes it
 * when the customer's queue settings change. Each customer gets its own SQS client (region, endpoint override,
 * credentials) bound as {@code sqs.<customerId>.client} in Camel's registry, so keys never appear in an endpoint URI,
 * the route model or a log line. A queue given by name is looked up (GetQueueUrl) first; when that fails the route is
 * tried again every {@code alerthub.sqs.retry-interval}.
 */
@Component
public class SqsQueueRoutes {
    public static final String TEMPLATE = "ingest.sqs";
    private static final Logger LOG = LoggerFactory.getLogger(SqsQueueRoutes.class);
    private final CamelContext camel;
    private final CustomerRouteGroups groups;
    private final SqsProperties properties;
    /** Clients of the running routes, by customer; guarded by {@code this}. */
    private final Map<String, SqsClient> clients = new LinkedHashMap<>();
    /** Queues whose route could not be started yet, by customer; guarded by {@code this}. */
    private final Map<String, SqsConfig> waiting = new LinkedHashMap<>();
    private ScheduledExecutorService retries;

    public SqsQueueRoutes(CamelContext camel, CustomerRouteGroups groups, SqsProperties properties) {
        this.camel = camel;
        this.groups = groups;
        this.properties = properties;
    }

    /** The route id of a customer's queue. */
    public static String routeId(String customerId) {
        return TEMPLATE + "." + customerId;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!properties.enabled()) {
            LOG.info("sqs ingest disabled (alerthub.sqs.enabled=false)");
            return;
        }
        groups.follow(this, SqsQueueRoutes::queueOf, this::add, this::remove);
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqs-route-retry");
            t.setDaemon(true);
            return t;
        });
        long every = properties.retryInterval().toMillis();
        retries.scheduleWithFixedDelay(this::retryWaiting, every, every, TimeUnit.MILLISECONDS);
    }

    private static java.util.Optional<SqsConfig> queueOf(CustomerConfig customer) {
        return customer == null ? java.util.Optional.empty() : customer.snsSettings().flatMap(SnsConfig::queue);
    }

    private synchronized void retryWaiting() {
        for (Map.Entry<String, SqsConfig> entry : Map.copyOf(waiting).entrySet()) {
            add(entry.getKey(), entry.getValue());
        }
    }

    private void add(String customerId, SqsConfig sqs) {
        waiting.remove(customerId);
        SqsClient client = client(sqs);
        String queueUrl;
        try {
            queueUrl = sqs.queueIsUrl() ? sqs.queue() : client.getQueueUrl(r -> r.queueName(sqs.queue())).queueUrl();
        } catch (SdkException e) {
            LOG.error("customer {}: cannot look up the URL of SQS queue \"{}\" in {} ({}); trying again in {}",
                    customerId, sqs.queue(), sqs.region(), e.toString(), properties.retryInterval());
            client.close();
            waiting.put(customerId, sqs);
            return;
        }
        String beans = beanPrefix(customerId);
        camel.getRegistry().bind(beans + "client", SqsClient.class, client);
        clients.put(customerId, client);
        String failure = groups.replace(customerId, null, List.of(), List.of(routeId(customerId)), model ->
                TemplatedRouteBuilder.builder(camel, TEMPLATE)
                    .routeId(routeId(customerId))
                    .parameter("customerId", customerId)
                    .parameter("queueName", sqs.queueName())
                    .parameter("queueUrl", queueUrl)
                    .parameter("messageFormat", sqs.messageFormat() == SqsConfig.MessageFormat.RAW ? "raw" : "sns")
                    .parameter("delayMs", String.valueOf(sqs.pollDuration().toMillis()))
                    .parameter("waitTimeSeconds", String.valueOf(sqs.waitDuration().toSeconds()))
                    .parameter("maxMessagesPerPoll", String.valueOf(sqs.maxMessagesPerPoll()))
                    .parameter("visibilityTimeoutSeconds", String.valueOf(sqs.visibilityDuration().toSeconds()))
                    .parameter("backoffMultiplier", String.valueOf(properties.backoffMultiplier()))
                    .parameter("beans", beans)
                    .add());
        if (failure == null) {
            LOG.info("customer {}: polling SQS queue {} ({}, messageFormat {}, credentials {})", customerId, queueUrl,
                    sqs.region(), sqs.messageFormat().name().toLowerCase(java.util.Locale.ROOT),
                    sqs.staticCredentials().map(c -> c.accessKeyId().source()).orElse("default AWS chain"));
        } else {
            LOG.error("customer {}: cannot start the SQS route: {}", customerId, failure);
        }
    }

    private void remove(String customerId) {
        waiting.remove(customerId);
        groups.remove(customerId, null, List.of(routeId(customerId)));
        camel.getRegistry().unbind(beanPrefix(customerId) + "client");
        SqsClient client = clients.remove(customerId);
        if (client != null) {
            client.close();
        }
    }

    private SqsClient client(SqsConfig sqs) {
        long readTimeoutMs = sqs.waitDuration().toMillis() + properties.connectTimeout().toMillis();
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(sqs.region()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(properties.connectTimeout())
                        // a long poll holds the connection for waitTime: the socket must wait longer than that
                        .socketTimeout(java.time.Duration.ofMillis(readTimeoutMs)))
                .credentialsProvider(credentials(sqs));
        sqs.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(SqsConfig sqs) {
        return sqs.staticCredentials().<AwsCredentialsProvider>map(keys -> () -> keys.sessionToken() == null
                        ? AwsBasicCredentials.create(text(keys.accessKeyId()), text(keys.secretAccessKey()))
                        : AwsSessionCredentials.create(text(keys.accessKeyId()), text(keys.secretAccessKey()),
                                text(keys.sessionToken())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static String text(Secret secret) {
        return new String(secret.bytes(), StandardCharsets.UTF_8);
    }

    private static String beanPrefix(String customerId) {
        return "sqs." + customerId + ".";
    }
}
