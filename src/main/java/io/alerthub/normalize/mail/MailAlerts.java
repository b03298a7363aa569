package io.alerthub.normalize.mail;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.MailConfig;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
import io.alerthub.normalize.AlertClassifier;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.Delivery;
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
 * Normalize stage for mail: decodes one raw mail, tries the customer's rule parsers and then the built-in ones
 * (Nagios, Icinga, Zabbix, CloudWatch, Mackerel), and finishes the alert. A mail no parser understands, or that cannot
 * be decoded at all, still becomes an alert, of class {@code unknown}, carrying subject, sender and a body excerpt;
 * the route then files it in the quarantine folder. The delivery's event id is the Message-ID (a hash of the bytes
 * when there is none), so a mail read twice is stored once.
 */
@Component("mailAlerts")
public class MailAlerts {
    /** Exchange header naming the parser that understood the mail ({@code unknown} when none did). */
    public static final String FORMAT_HEADER = "alerthubMailFormat";
    public static final String UNKNOWN = "unknown";
    static final int EXCERPT_MAX = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(MailAlerts.class);
    static final List<MailParser> BUILT_IN = List.of(new NagiosMailParser("nagios"),
            new NagiosMailParser("icinga"), new ZabbixMailParser(), new CloudWatchMailParser(), new MackerelMailParser());

    private final AlertFinisher finisher;
    private final CustomerRegistry customers;
    private final MeterRegistry meters;

    public MailAlerts(AlertFinisher finisher, CustomerRegistry customers, MeterRegistry meters) {
        this.finisher = finisher;
        this.customers = customers;
        this.meters = meters;
    }

    /** Camel step: the raw mail in, its delivery out; sets {@link #FORMAT_HEADER}. */
    public Delivery normalize(@Body RawPayload raw, @Headers Map<String, Object> headers) {
        Delivery delivery = normalize(raw);
        String format = delivery.alerts().get(0).source().format();
        headers.put(FORMAT_HEADER, format);
        meters.counter("alerthub.mail.parsed", "format", format.startsWith("rule:") ? "rule" : format).increment();
        return delivery;
    }

    public Delivery normalize(RawPayload raw) {
        MailText mail;
        try {
            mail = MimeDecoder.decode(raw.body());
        } catch (Exception e) {
            LOG.warn("customer {}: mail {} cannot be decoded ({}); keeping it as an unknown alert", raw.customerId(),
                    raw.id(), e.toString());
            return unknown(raw, null, "the mail cannot be decoded: " + e.getMessage());
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
                Alert alert = withMailLabels(draft.get(), mail, eventId(mail, raw));
                return new Delivery(raw, eventId(mail, raw), List.of(finisher.finish(alert, raw)));
            }
        }
        return unknown(raw, mail, null);
    }

    private List<MailParser> parsers(String customerId) {
        List<MailParser> parsers = new ArrayList<>();
        customers.find(customerId).flatMap(CustomerConfig::mailbox).map(MailConfig::rules)
                .ifPresent(rules -> rules.forEach(rule -> parsers.add(new RuleMailParser(rule))));
        parsers.addAll(BUILT_IN);
        return parsers;
    }

    private Delivery unknown(RawPayload raw, MailText mail, String problem) {
        String subject = mail == null || mail.subject().isBlank() ? "(no subject)" : mail.subject();
        String from = mail == null || mail.from().isBlank() ? "unknown sender" : mail.from();
        String body = mail == null ? raw.bodyText() : mail.body();
        String excerpt = body.length() <= EXCERPT_MAX ? body.strip() : body.substring(0, EXCERPT_MAX).strip() + "…";
        String eventId = mail == null ? "sha256:" + sha256(raw.body()) : eventId(mail, raw);
        Alert.Builder draft = Alert.builder()
                .source(new AlertSource(null, UNKNOWN, null, eventId))
                .status(AlertStatus.FIRING)
                .name(subject)
                .severity(Severity.WARNING)
                .summary("unparsed mail from " + from + ": " + subject)
                .description(problem == null ? excerpt : problem + "\n\n" + excerpt)
                // every unknown mail is its own incident: a person has to look at each one
                .fingerprint("mail:" + eventId);
        Alert alert = mail == null ? draft.build() : withMailLabels(draft.build(), mail, eventId);
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
