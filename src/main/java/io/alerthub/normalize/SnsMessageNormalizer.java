package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.HostConfig;
import io.alerthub.config.SnsConfig;
import io.alerthub.ingest.sns.SnsMessage;
import io.alerthub.ingest.sns.VerifiedSnsMessage;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Normalize stage for verified SNS notifications: a CloudWatch alarm ({@code cloudwatch}: metric, math/anomaly
 * detection and composite alarms), an EventBridge event ({@code eventbridge}: CloudWatch Alarm State Change, AWS
 * Health, EC2 instance state change, any other event) or plain text ({@code sns-text}). The MessageId is the event
 * id (SNS redelivers), the alarm or event ARN the fingerprint, and the host comes from the resource dimensions
 * through the customer's {@code sns.hostMap} or host names. A message that is no alert (INSUFFICIENT_DATA when set
 * to {@code ignore}, an EC2 instance starting) yields a delivery without alerts: kept in the inbox, nothing raised.
 */
@Component
public class SnsMessageNormalizer {
    /** Dimensions that name the resource an alarm is about, most specific first. */
    static final List<String> HOST_DIMENSIONS = List.of("InstanceId", "DBInstanceIdentifier", "DBClusterIdentifier",
            "CacheClusterId", "AutoScalingGroupName", "LoadBalancer", "LoadBalancerName", "TargetGroup", "DomainName",
            "FunctionName", "ClusterName", "ServiceName", "BucketName", "VolumeId", "QueueName", "TopicName");
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlertFinisher finisher;
    private final CustomerRegistry customers;

    public SnsMessageNormalizer(AlertFinisher finisher, CustomerRegistry customers) {
        this.finisher = finisher;
        this.customers = customers;
    }

    public Delivery normalize(VerifiedSnsMessage verified) {
        Optional<CustomerConfig> customer = customers.find(verified.raw().customerId());
        SnsConfig settings = customer.flatMap(CustomerConfig::snsSettings).orElse(new SnsConfig(null, null, null, null));
        List<Alert> drafts = drafts(verified.message(), settings, customer.map(CustomerConfig::hosts).orElse(List.of()));
        return new Delivery(verified.raw(), verified.message().messageId(),
                drafts.stream().map(a -> finisher.finish(a, verified.raw())).toList());
    }

    /** The alert drafts one SNS message carries (none, or one). */
    List<Alert> drafts(SnsMessage m, SnsConfig settings, List<HostConfig> hosts) {
        Hosts hostNames = new Hosts(settings, hosts);
        JsonNode body = parseObject(m.message());
        Alert.Builder draft;
        if (body != null && body.has("AlarmName") && body.has("NewStateValue")) {
            draft = cloudWatchAlarm(m, body, settings, hostNames);
        } else if (body != null && body.has("detail-type") && body.has("source")) {
            draft = eventBridge(body, settings, hostNames, false);
        } else {
            draft = text(m);
        }
        if (draft == null) {
            return List.of();
        }
        draft.label("sns.topicArn", m.topicArn());
        Alert alert = draft.build();
        AlertSource src = alert.source();
        return List.of(alert.toBuilder().source(new AlertSource("sns", src == null ? "sns" : src.format(),
                m.topicArn(), m.messageId())).build());
    }

    // ---- CloudWatch alarm (the JSON CloudWatch publishes to SNS) ------------------------------------------------

    private Alert.Builder cloudWatchAlarm(SnsMessage m, JsonNode a, SnsConfig settings, Hosts hosts) {
        String state = text(a, "NewStateValue");
        Alert.Builder b = Alert.builder().source(new AlertSource(null, "cloudwatch", null, null));
        if (!applyState(b, state, settings)) {
            return null;
        }
        String name = text(a, "AlarmName");
        String arn = text(a, "AlarmArn");
        if (arn == null) {
            // older alarm messages carry no ARN: rebuild it from the topic's partition and region and the account
            String[] topic = m.topicArn() == null ? new String[0] : m.topicArn().split(":", 6);
            String account = text(a, "AWSAccountId");
            if (topic.length == 6 && account != null) {
                arn = "arn:" + topic[1] + ":cloudwatch:" + topic[3] + ":" + account + ":alarm:" + name;
            }
        }
        b.name(name).fingerprint(arn).rawSeverity(state)
                .summary(text(a, "NewStateReason"))
                .description(text(a, "AlarmDescription"))
                .startsAt(cloudWatchTime(text(a, "StateChangeTime")))
                .label("alarmArn", arn).label("region", text(a, "Region")).label("awsAccountId", text(a, "AWSAccountId"))
                .annotation("oldState", text(a, "OldStateValue")).annotation("newState", state);
        JsonNode trigger = a.path("Trigger");
        Map<String, String> dimensions = new LinkedHashMap<>();
        if (a.hasNonNull("AlarmRule")) {
            // composite alarm: no metric of its own; the rule and the children that changed say why
            b.component("composite-alarm").annotation("alarmRule", text(a, "AlarmRule"));
            List<String> children = new ArrayList<>();
            a.path("TriggeringChildren").forEach(c -> children.add(text(c, "Arn") + "=" + text(c, "State", "Value")));
            if (!children.isEmpty()) {
                b.annotation("triggeringChildren", String.join(", ", children));
            }
        } else if (trigger.path("Metrics").isArray()) {
            // metric math and anomaly detection: the metrics are in Metrics[], the band in an Expression
            for (JsonNode metric : trigger.path("Metrics")) {
                JsonNode stat = metric.path("MetricStat").path("Metric");
                if (stat.isObject() && b.labels().get("metricName") == null) {
                    b.label("metricName", text(stat, "MetricName")).label("namespace", text(stat, "Namespace"));
                }
                nameValuePairs(stat.path("Dimensions"), dimensions);
                if (metric.hasNonNull("Expression")) {
                    b.annotation("expression", text(metric, "Expression"));
                }
            }
            b.annotation("comparisonOperator", text(trigger, "ComparisonOperator"));
        } else {
            b.label("metricName", text(trigger, "MetricName")).label("namespace", text(trigger, "Namespace"));
            nameValuePairs(trigger.path("Dimensions"), dimensions);
            b.annotation("comparisonOperator", text(trigger, "ComparisonOperator"))
                    .annotation("threshold", text(trigger, "Threshold"));
        }
        dimensions.forEach((k, v) -> b.label("dimension." + k, v));
        hosts.fromDimensions(dimensions, b);
        b.service(b.labels().get("namespace"));
        return b;
    }

    /** Status and severity for an alarm state; false when the state raises nothing. */
    private static boolean applyState(Alert.Builder b, String state, SnsConfig settings) {
        switch (state == null ? "" : state) {
            case "ALARM" -> b.status(AlertStatus.FIRING).severity(Severity.ERROR);
            case "OK" -> b.status(AlertStatus.RESOLVED).severity(Severity.ERROR);
            case "INSUFFICIENT_DATA" -> {
                switch (settings.insufficientData()) {
                    case IGNORE -> {
                        return false;
                    }
                    case WARNING -> b.status(AlertStatus.FIRING).severity(Severity.WARNING);
                    case RESOLVED -> b.status(AlertStatus.RESOLVED).severity(Severity.ERROR);
                    default -> throw new IllegalStateException(settings.insufficientData().name());
                }
            }
            default -> throw new InvalidPayloadException("cloudwatch alarm has unknown state \"" + state + "\"",
                    List.of(new io.alerthub.model.FieldProblem("Message.NewStateValue",
                            "unknown state \"" + state + "\" (valid: ALARM, OK, INSUFFICIENT_DATA)")));
        }
        return true;
    }

    // ---- EventBridge events ------------------------------------------------------------------------------------

    /**
     * One EventBridge event delivered directly (format {@code eventbridge}, e.g. by an API destination) as an alert
     * draft, or null when the event raises nothing (an EC2 instance pending). Unlike an event relayed through SNS, an
     * alarm's INSUFFICIENT_DATA and an event of a type the hub does not know are info alerts.
     */
    static Alert eventBridgeEvent(JsonNode e, SnsConfig settings, List<HostConfig> hosts) {
        Alert.Builder b = eventBridge(e, settings, new Hosts(settings, hosts), true);
        return b == null ? null : b.build();
    }

    private static Alert.Builder eventBridge(JsonNode e, SnsConfig settings, Hosts hosts, boolean direct) {
        String detailType = text(e, "detail-type");
        JsonNode detail = e.path("detail");
        Alert.Builder b = Alert.builder().source(new AlertSource(null, "eventbridge", null, null))
                .label("eventbridge.source", text(e, "source")).label("eventbridge.detailType", detailType)
                .label("region", text(e, "region")).label("awsAccountId", text(e, "account"))
                .startsAt(Payloads.instant(text(e, "time")));
        switch (detailType == null ? "" : detailType) {
            case "CloudWatch Alarm State Change" -> {
                String state = text(detail, "state", "value");
                if (direct && "INSUFFICIENT_DATA".equals(state)) {
                    b.status(AlertStatus.FIRING).severity(Severity.INFO);
                } else if (!applyState(b, state, settings)) {
                    return null;
                }
                String arn = e.path("resources").path(0).asText(null);
                b.name(text(detail, "alarmName")).fingerprint(arn).rawSeverity(state)
                        .summary(text(detail, "state", "reason"))
                        .description(text(detail, "configuration", "description"))
                        .startsAt(firstInstant(cloudWatchTime(text(detail, "state", "timestamp")), Payloads.instant(text(e, "time"))))
                        .label("alarmArn", arn)
                        .annotation("oldState", text(detail, "previousState", "value")).annotation("newState", state);
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (JsonNode metric : detail.path("configuration").path("metrics")) {
                    JsonNode stat = metric.path("metricStat").path("metric");
                    if (stat.isObject() && b.labels().get("metricName") == null) {
                        b.label("metricName", text(stat, "name")).label("namespace", text(stat, "namespace"));
                    }
                    dimensions.putAll(Payloads.stringMap(stat.path("dimensions")));
                    if (metric.hasNonNull("expression")) {
                        b.annotation("expression", text(metric, "expression"));
                    }
                }
                dimensions.forEach((k, v) -> b.label("dimension." + k, v));
                hosts.fromDimensions(dimensions, b);
                b.service(b.labels().get("namespace"));
            }
            case "EC2 Instance State-change Notification" -> {
                String instance = text(detail, "instance-id");
                String state = text(detail, "state");
                switch (state == null ? "" : state) {
                    case "running" -> b.status(AlertStatus.RESOLVED).severity(Severity.ERROR);
                    case "stopping", "shutting-down" -> b.status(AlertStatus.FIRING).severity(Severity.WARNING);
                    case "stopped", "terminated" -> b.status(AlertStatus.FIRING).severity(Severity.ERROR);
                    default -> {
                        return null; // pending: on its way to running, nothing to raise or resolve yet
                    }
                }
                String arn = e.path("resources").path(0).asText(null);
                b.name("EC2 instance not running").fingerprint(arn != null ? arn : "ec2-instance:" + instance)
                        .rawSeverity(state).summary("EC2 instance " + instance + " is " + state)
                        .service("AWS/EC2").annotation("state", state);
                hosts.fromDimensions(instance == null ? Map.of() : Map.of("InstanceId", instance), b);
            }
            case "GuardDuty Finding" -> guardDuty(detail, b, hosts);
            default -> {
                if ("aws.health".equals(text(e, "source"))) {
                    health(e, detail, b, hosts);
                } else {
                    // any other event: raised as it is, keyed by its type and resources so repeats fold
                    List<String> resources = new ArrayList<>();
                    e.path("resources").forEach(r -> resources.add(r.asText()));
                    b.name(detailType).status(AlertStatus.FIRING).severity(direct ? Severity.INFO : Severity.WARNING)
                            .summary(detailType + " from " + text(e, "source")
                                    + (resources.isEmpty() ? "" : " (" + String.join(", ", resources) + ")"))
                            .description(detail.isMissingNode() ? null : detail.toString())
                            .fingerprint(resources.isEmpty() ? null : detailType + "|" + String.join("|", resources));
                    hosts.fromArns(resources, b);
                }
            }
        }
        return b;
    }

    /**
     * A GuardDuty finding: its type names it, its id is the dedup key (GuardDuty updates a finding's count rather
     * than sending a new one), severity by GuardDuty's bands (9+ critical, 7–8.9 high, 4–6.9 medium, else low).
     */
    private static void guardDuty(JsonNode detail, Alert.Builder b, Hosts hosts) {
        double level = detail.path("severity").asDouble(0);
        String instance = text(detail, "resource", "instanceDetails", "instanceId");
        b.name(firstNonNull(text(detail, "type"), "GuardDuty Finding"))
                .status(AlertStatus.FIRING)
                .severity(level >= 9 ? Severity.CRITICAL : level >= 7 ? Severity.ERROR
                        : level >= 4 ? Severity.WARNING : Severity.INFO)
                .rawSeverity(text(detail, "severity"))
                .fingerprint(firstNonNull(text(detail, "arn"), text(detail, "id")))
                .summary(text(detail, "title"))
                .description(text(detail, "description"))
                .service("GuardDuty")
                .label("guardduty.findingType", text(detail, "type"))
                .label("guardduty.resourceType", text(detail, "resource", "resourceType"))
                .annotation("count", text(detail, "service", "count"));
        if (instance != null) {
            hosts.fromDimensions(Map.of("InstanceId", instance), b);
        }
    }

    private static void health(JsonNode e, JsonNode detail, Alert.Builder b, Hosts hosts) {
        String category = text(detail, "eventTypeCategory");
        String status = text(detail, "statusCode");
        b.name(firstNonNull(text(detail, "eventTypeCode"), text(e, "detail-type")))
                .status("closed".equalsIgnoreCase(status) ? AlertStatus.RESOLVED : AlertStatus.FIRING)
                .severity(switch (category == null ? "" : category) {
                    case "issue" -> Severity.ERROR;
                    case "investigation", "scheduledChange" -> Severity.WARNING;
                    default -> Severity.INFO;
                })
                .rawSeverity(category)
                .fingerprint(text(detail, "eventArn"))
                .service(text(detail, "service"))
                .summary(firstNonNull(text(detail, "eventDescription", "0", "latestDescription"), text(e, "detail-type")))
                .startsAt(firstInstant(httpDate(text(detail, "startTime")), Payloads.instant(text(e, "time"))))
                .endsAt(httpDate(text(detail, "endTime")))
                .label("health.eventArn", text(detail, "eventArn"))
                .label("health.eventTypeCategory", category);
        List<String> entities = new ArrayList<>();
        detail.path("affectedEntities").forEach(x -> entities.add(text(x, "entityValue")));
        e.path("resources").forEach(r -> entities.add(r.asText()));
        entities.removeIf(java.util.Objects::isNull);
        if (!entities.isEmpty()) {
            b.annotation("affectedEntities", String.join(", ", new java.util.LinkedHashSet<>(entities)));
        }
        hosts.fromArns(entities, b);
    }

    // ---- plain text -------------------------------------------------------------------------------------------

    private static Alert.Builder text(SnsMessage m) {
        String text = m.message() == null ? "" : m.message();
        String firstLine = text.strip().lines().findFirst().orElse("");
        String topic = m.topicArn() == null ? "sns" : m.topicArn().substring(m.topicArn().lastIndexOf(':') + 1);
        return Alert.builder().source(new AlertSource(null, "sns-text", null, null))
                .name(m.subject() != null && !m.subject().isBlank() ? m.subject() : "SNS message on " + topic)
                .status(AlertStatus.FIRING).severity(Severity.WARNING)
                .summary(firstLine.isEmpty() ? null : firstLine).description(text)
                .alertClass("unknown");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Maps resource ids to the customer's hosts: {@code sns.hostMap} first, then host ids and aliases. */
    private static final class Hosts {
        private final SnsConfig settings;
        private final List<HostConfig> hosts;

        Hosts(SnsConfig settings, List<HostConfig> hosts) {
            this.settings = settings;
            this.hosts = hosts;
        }

        void fromDimensions(Map<String, String> dimensions, Alert.Builder b) {
            for (String name : HOST_DIMENSIONS) {
                String value = dimensions.get(name);
                if (value != null) {
                    b.host(resolve(value)).component(name);
                    return;
                }
            }
            // no well-known dimension: any dimension value the customer mapped still names the host
            dimensions.forEach((name, value) -> {
                if (b.host() == null && mapped(value) != null) {
                    b.host(mapped(value)).component(name);
                }
            });
        }

        /** The host from ARNs such as {@code arn:aws:ec2:…:instance/i-0abc}: the first one the customer knows. */
        void fromArns(List<String> arns, Alert.Builder b) {
            String fallback = null;
            for (String arn : arns) {
                String id = arn == null ? null : arn.substring(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
                if (id == null || id.isBlank()) {
                    continue;
                }
                if (mapped(id) != null) {
                    b.host(mapped(id));
                    return;
                }
                if (fallback == null && arn.contains(":ec2:") && arn.contains(":instance/")) {
                    fallback = id;
                }
            }
            if (fallback != null) {
                b.host(fallback).component("InstanceId");
            }
        }

        private String resolve(String value) {
            String mapped = mapped(value);
            return mapped != null ? mapped : value;
        }

        private String mapped(String value) {
            String host = settings.hostMap().get(value);
            if (host != null) {
                return host;
            }
            return hosts.stream().filter(h -> h.isNamed(value)).map(HostConfig::id).findFirst().orElse(null);
        }
    }

    private static JsonNode parseObject(String text) {
        if (text == null || !text.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void nameValuePairs(JsonNode array, Map<String, String> into) {
        for (JsonNode d : array) {
            String name = firstNonNull(text(d, "name"), text(d, "Name"));
            String value = firstNonNull(text(d, "value"), text(d, "Value"));
            if (name != null && value != null) {
                into.put(name, value);
            }
        }
    }

    /** CloudWatch writes {@code 2019-02-15T23:53:45.093+0000} (no colon in the offset). */
    static Instant cloudWatchTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Payloads.instant(text);
        }
    }

    /** AWS Health writes {@code Thu, 02 Aug 2018 05:30:00 GMT}. */
    private static Instant httpDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ENGLISH)).toInstant();
        } catch (DateTimeParseException e) {
            return Payloads.instant(text);
        }
    }

    private static Instant firstInstant(Instant a, Instant b) {
        return a != null ? a : b;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = p.chars().allMatch(Character::isDigit) && n.isArray() ? n.path(Integer.parseInt(p)) : n.path(p);
        }
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

}
