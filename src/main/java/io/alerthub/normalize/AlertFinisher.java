package io.alerthub.normalize;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.support.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Completes a normalizer's draft into a stored-ready alert: hub id, customer, channel, times, inbox reference, a
 * fingerprint when the source gave none, bounded text fields, a default severity and the derived alertClass.
 */
@Component
public class AlertFinisher {
    static final int FINGERPRINT_MAX = 255;
    static final int SUMMARY_MAX = 1024;
    static final int NAME_MAX = 512;
    private final AlertClassifier classifier;
    private final Function<String, Optional<CustomerConfig>> customers;

    @Autowired
    public AlertFinisher(AlertClassifier classifier, CustomerRegistry customers) {
        this(classifier, customers::find);
    }

    /** A finisher reading customer profiles from {@code customers} (the operator's dry-run has no registry). */
    public AlertFinisher(AlertClassifier classifier, Function<String, Optional<CustomerConfig>> customers) {
        this.classifier = classifier;
        this.customers = customers;
    }

    public Alert finish(Alert sent, RawPayload raw) {
        Optional<CustomerConfig> customer = customers.apply(raw.customerId());
        // an alert naming no host may name it in a label the customer listed (ingest.hostLabels)
        Alert draft = sent.resource().host() != null ? sent : customer.flatMap(c -> hostFromLabels(sent, c))
                .map(host -> sent.toBuilder().host(host).build()).orElse(sent);
        AlertSource src = draft.source();
        String format = src != null && src.format() != null ? src.format() : raw.format();
        AlertSource source = new AlertSource(raw.channel(), format, src == null ? null : src.instance(),
                src == null ? null : src.eventId());
        String name = truncate(draft.name() == null ? "unnamed alert" : draft.name(), NAME_MAX);
        Alert.Builder b = draft.toBuilder()
                .id(Ids.next())
                .customerId(raw.customerId())
                .source(source)
                .name(name)
                .status(draft.status() == null ? AlertStatus.FIRING : draft.status())
                .severity(draft.severity() == null ? Severity.WARNING : draft.severity())
                .summary(truncate(draft.summary() != null ? draft.summary() : defaultSummary(draft, name), SUMMARY_MAX))
                .receivedAt(raw.receivedAt())
                .rawRef(raw.id());
        b.fingerprint(fingerprint(draft, raw.format(), name));
        List<io.alerthub.model.AlertClassRule> rules = customer.map(CustomerConfig::alertClasses).orElse(List.of());
        Alert built = b.build();
        // classified on what the source said: the default summary names the host, and a host called "disk-1" or
        // "db-2" must not make an unrelated alert a disk_usage or db_down one
        Alert said = draft.summary() != null ? built : built.toBuilder().summary(null).build();
        return built.toBuilder().alertClass(classifier.classify(said, rules == null ? List.of() : rules)).build();
    }

    /**
     * The host of an alert that names none, from the customer's {@code ingest.hostLabels} in order: the first value
     * that is one of the customer's hosts or aliases (a {@code :port} suffix ignored) as that host's id, else the
     * first value present as sent.
     */
    static Optional<String> hostFromLabels(Alert draft, CustomerConfig customer) {
        String first = null;
        for (String label : customer.ingest().hostLabels()) {
            String value = draft.labels().get(label);
            if (value == null || value.isBlank()) {
                continue;
            }
            String bare = value.strip().replaceFirst(":\\d{1,5}$", "");
            Optional<String> known = customer.host(bare).map(io.alerthub.config.HostConfig::id);
            if (known.isPresent()) {
                return known;
            }
            first = first == null ? bare : first;
        }
        return Optional.ofNullable(first);
    }

    private static String defaultSummary(Alert draft, String name) {
        String host = draft.resource().host();
        return host == null ? name : name + " on " + host;
    }

    /**
     * The upstream fingerprint when the source has one (hashed when longer than 255 characters); otherwise a hash
     * of format, name, host, service and component, so repeats of one problem fold together.
     */
    static String fingerprint(Alert draft, String format, String name) {
        String upstream = draft.fingerprint();
        if (upstream != null && !upstream.isBlank()) {
            return upstream.length() <= FINGERPRINT_MAX ? upstream : "sha256:" + sha256(upstream);
        }
        String identity = String.join("\u001f", format, name,
                Objects.toString(draft.resource().host(), ""),
                Objects.toString(draft.resource().service(), ""),
                Objects.toString(draft.resource().component(), ""));
        return "sha256:" + sha256(identity);
    }

    private static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
        return s.substring(0, end) + "…";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
