package io.alerthub.normalize.mail;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.MailConfig;
import io.alerthub.ingest.mail.MailProperties;
import io.alerthub.ingest.mail.MailReader;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.normalize.AlertClassifier;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.InboxStore;
import io.alerthub.store.StoredAlert;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Normalize stage for mail: recognises a mail stored before (by its Message-ID, read from the headers alone) without
 * decoding it again, decodes one raw mail within {@link MimeLimits}, tries the customer's rule parsers and then the
 * built-in ones (Nagios, Icinga, Zabbix, CloudWatch, Mackerel), and finishes the alert. A mail no parser understands,
 * that cannot be decoded, that is beyond a MIME bound or that was too large to fetch still becomes an alert, of class
 * {@code unknown}, carrying subject, sender and what the hub could read; the route then files it in the quarantine
 * folder. The delivery's event id is the Message-ID (a hash of the bytes when there is none), so a mail read twice is
 * stored once.
 */
@Component("mailAlerts")
public class MailAlerts {
    /** Exchange header naming the parser that understood the mail ({@code unknown} when none did). */
    public static final String FORMAT_HEADER = "alerthubMailFormat";
    public static final String UNKNOWN = "unknown";
    /** Label of a mail the hub refused to decode: why ({@code too_large}, {@code mime_depth}…). */
    public static final String QUARANTINE_REASON = "mail_quarantine_reason";
    static final int EXCERPT_MAX = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(MailAlerts.class);
    static final List<MailParser> BUILT_IN = List.of(new NagiosMailParser("nagios"),
            new NagiosMailParser("icinga"), new ZabbixMailParser(), new CloudWatchMailParser(), new MackerelMailParser());

    private final AlertFinisher finisher;
    private final CustomerRegistry customers;
    private final MeterRegistry meters;
    private final InboxStore inbox;
    private final AlertStore alerts;
    private final MimeLimits limits;
    private final long maxMessageBytes;

    public MailAlerts(AlertFinisher finisher, CustomerRegistry customers, MeterRegistry meters, InboxStore inbox,
                      AlertStore alerts, MailProperties properties) {
        this.finisher = finisher;
        this.customers = customers;
        this.meters = meters;
        this.inbox = inbox;
        this.alerts = alerts;
        this.limits = MimeLimits.of(properties);
        this.maxMessageBytes = properties.maxMessageSize().toBytes();
    }

    /**
     * Camel step: the raw mail in, its delivery out; sets {@link #FORMAT_HEADER}, and {@link MailReader#HOLD_HEADER}
     * when the hub refused to decode the mail. The poller's header {@link MailReader#TOO_LARGE_HEADER} says the body
     * was not fetched.
     */
    public Delivery normalize(@Body RawPayload raw, @Headers Map<String, Object> headers) {
        Object tooLarge = headers.get(MailReader.TOO_LARGE_HEADER);
        Delivery delivery = delivery(raw, tooLarge instanceof Number n ? n.longValue() : null);
        headers.put(FORMAT_HEADER, delivery.alerts().get(0).source().format());
        if (delivery.alerts().get(0).labels().containsKey(QUARANTINE_REASON)) {
            headers.put(MailReader.HOLD_HEADER, true);
        }
        return delivery;
    }

    public Delivery normalize(RawPayload raw) {
        return delivery(raw, null);
    }

    /** {@code tooLargeBytes}: the size of a mail whose body was not fetched ({@code raw} holds its headers), or null. */
    private Delivery delivery(RawPayload raw, Long tooLargeBytes) {
        MailText head = MimeDecoder.headers(raw.body());
        String eventId = eventId(head, raw);
        // checked before any decoding: a mail read again (its filing failed, or the hub restarted) costs one lookup
        Optional<Delivery> stored = stored(raw, eventId);
        if (stored.isPresent()) {
            meters.counter("alerthub.mail.duplicates", "customer", raw.customerId()).increment();
            return stored.get();
        }
        if (tooLargeBytes != null) {
            return quarantined(raw, head, eventId, "too_large", "mail too large: " + tooLargeBytes
                    + " bytes, over the limit of " + maxMessageBytes + " bytes (alerthub.mail.max-message-size); only"
                    + " its headers were fetched");
        }
        MailText mail;
        try {
            mail = MimeDecoder.decode(raw.body(), limits);
        } catch (UnsafeMailException e) {
            return quarantined(raw, head, eventId, e.reason(), "mail could not be parsed safely: " + e.getMessage());
        } catch (Exception e) {
            LOG.warn("customer {}: mail {} cannot be decoded ({}); keeping it as an unknown alert", raw.customerId(),
                    raw.id(), e.toString());
            return parsed(unknown(raw, head, eventId, "the mail cannot be decoded: " + e.getMessage(), raw.bodyText(),
                    null));
        }
        for (MailParser parser : parsers(raw.customerId())) {
            Optional<Alert> draft;
            try {
                draft = parser.parse(mail);
            } catch (RuntimeException e) {
                // one parser's bug must not lose the mail: the next parser, or the unknown alert, takes it
                LOG.warn("customer {}: mail parser {} failed on {} ({})", raw.customerId(), parser.format(),
                        mail.messageId(), e.toString());
                continue;
            }
            if (draft.isPresent()) {
                Alert alert = withMailLabels(draft.get(), mail, eventId);
                return parsed(new Delivery(raw, eventId, List.of(finisher.finish(alert, raw))));
            }
        }
        return parsed(unknown(raw, mail, eventId, null, mail.body(), null));
    }

    /** The delivery stored earlier under the same inbox key, with the alerts it produced; empty if none. */
    private Optional<Delivery> stored(RawPayload raw, String eventId) {
        Optional<String> inboxId = inbox.findByDedupKey(Delivery.dedupKey(raw, eventId));
        if (inboxId.isEmpty()) {
            return Optional.empty();
        }
        List<Alert> earlier = alerts.idsForInbox(inboxId.get()).stream().map(alerts::find).flatMap(Optional::stream)
                .map(StoredAlert::alert).toList();
        return earlier.isEmpty() ? Optional.empty() : Optional.of(new Delivery(raw, eventId, earlier));
    }

    private Delivery parsed(Delivery delivery) {
        String format = delivery.alerts().get(0).source().format();
        meters.counter("alerthub.mail.parsed", "format", format.startsWith("rule:") ? "rule" : format).increment();
        return delivery;
    }

    /** A mail the hub would not decode: stored raw, filed in quarantine, and an alert for a person saying why. */
    private Delivery quarantined(RawPayload raw, MailText head, String eventId, String reason, String problem) {
        LOG.warn("customer {}: mail {} ({}) quarantined without decoding: {}", raw.customerId(), raw.id(),
                head.messageId(), problem);
        meters.counter("alerthub.mail.quarantined", "customer", raw.customerId(), "reason", reason).increment();
        return unknown(raw, head, eventId, problem, "", reason);
    }

    private List<MailParser> parsers(String customerId) {
        List<MailParser> parsers = new ArrayList<>();
        customers.find(customerId).flatMap(CustomerConfig::mailbox).map(MailConfig::rules)
                .ifPresent(rules -> rules.forEach(rule -> parsers.add(new RuleMailParser(rule))));
        parsers.addAll(BUILT_IN);
        return parsers;
    }

    /**
     * The alert of a mail no parser took: {@code problem} says why when it was not even decoded, {@code body} is what
     * of its text a person may read, {@code reason} the quarantine code when the hub refused to decode it.
     */
    private Delivery unknown(RawPayload raw, MailText mail, String eventId, String problem, String body,
                             String reason) {
        String subject = mail.subject().isBlank() ? "(no subject)" : mail.subject();
        String from = mail.from().isBlank() ? "unknown sender" : mail.from();
        String excerpt = body.length() <= EXCERPT_MAX ? body.strip() : body.substring(0, EXCERPT_MAX).strip() + "…";
        Alert.Builder draft = Alert.builder()
                .source(new AlertSource(null, UNKNOWN, null, eventId))
                .status(AlertStatus.FIRING)
                .name(subject)
                .severity(Severity.WARNING)
                .summary(reason == null ? "unparsed mail from " + from + ": " + subject
                        : problem + " (mail from " + from + ": " + subject + ")")
                .description(problem == null ? excerpt : excerpt.isEmpty() ? problem : problem + "\n\n" + excerpt)
                // every unknown mail is its own incident: a person has to look at each one
                .fingerprint("mail:" + eventId);
        Alert alert = withMailLabels(draft.build(), mail, eventId);
        if (reason != null) {
            alert = alert.toBuilder().label(QUARANTINE_REASON, reason).build();
        }
        Alert finished = finisher.finish(alert, raw);
        // the class says what happened (no parser understood it), whatever the subject's words resemble
        finished = finished.toBuilder().alertClass(AlertClassifier.UNKNOWN).build();
        return new Delivery(raw, eventId, List.of(finished));
    }

    private static Alert withMailLabels(Alert draft, MailText mail, String eventId) {
        AlertSource s = draft.source();
        return draft.toBuilder()
                .source(new AlertSource(null, s.format(), s.instance(), s.eventId() != null ? s.eventId() : eventId))
                .label("mail_from", mail.from())
                .label("mail_subject", mail.subject())
                .label("mail_message_id", mail.messageId())
                .startsAt(draft.startsAt() != null ? draft.startsAt() : mail.sentAt())
                .build();
    }

    /** The Message-ID, or a hash of the raw bytes when the mail has none. */
    static String eventId(MailText mail, RawPayload raw) {
        return mail.messageId() != null ? mail.messageId() : "sha256:" + sha256(raw.body());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
