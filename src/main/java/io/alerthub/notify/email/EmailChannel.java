package io.alerthub.notify.email;

import io.alerthub.escalate.quiet.Audience;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Excerpts;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationChannel;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.TextFormat;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Mails notifications to a customer's emergency contacts through camel-mail SMTP (notify stage): subject and plain-text
 * body from the Japanese or English templates, UTF-8 throughout, and a Message-ID derived from the notification's
 * idempotency key (a retried send carries the same id, so mail clients can fold a duplicate), which is the external
 * reference; follow-ups name the first mail in {@code In-Reply-To}/{@code References} so clients thread them.
 *
 * <p>The mail is one {@code text/plain} part (nothing a client renders as HTML). Alert text goes through
 * {@link TextFormat#PLAIN} before it is filled in: no control characters or bidi overrides anywhere, and names, hosts
 * and the subject on one line, so an alert cannot add a header, a recipient or a line of its own to the mail.
 *
 * <p>Failure classes: an SMTP 4xx reply (mailbox busy, greylisting, server full) and connection problems are retried;
 * a 5xx reply (unknown recipient, rejected sender or content) and failed authentication are permanent.
 */
public final class EmailChannel implements NotificationChannel {
    /** Keeps a mail readable on a phone whatever the scenario gathered; the incident page has the rest. */
    static final int DIAGNOSTICS_MAX = 20_000;
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5])\\d\\d[\\s-]");
    private static final Pattern ID_UNSAFE = Pattern.compile("[^A-Za-z0-9._+-]");
    private final ProducerTemplate template;
    private final Endpoint smtp;
    private final Function<String, Optional<EmailTarget>> targets;
    private final NotifyTexts texts;
    private final String messageIdDomain;
    private final Session session = Session.getInstance(new Properties());

    /**
     * @param smtp an SMTP endpoint, usually {@link #smtpEndpoint(CamelContext, NotifyProperties.Email)}
     * @param messageIdDomain the right-hand side of minted Message-IDs; null: the sender's domain
     */
    public EmailChannel(ProducerTemplate template, Endpoint smtp, Function<String, Optional<EmailTarget>> targets,
            NotifyTexts texts, String messageIdDomain) {
        this.template = template;
        this.smtp = smtp;
        this.targets = targets;
        this.texts = texts;
        this.messageIdDomain = messageIdDomain == null || messageIdDomain.isBlank() ? null : messageIdDomain;
    }

    /**
     * The SMTP endpoint for {@code alerthub.notify.email.*}, configured as an object so the SMTP password never
     * appears in an endpoint URI (Camel lists those in its registry, JMX and Hawtio).
     */
    public static Endpoint smtpEndpoint(CamelContext context, NotifyProperties.Email settings) {
        MailConfiguration configuration = new MailConfiguration(context);
        configuration.configureProtocol("smtp");
        configuration.setHost(settings.host());
        configuration.setPort(settings.port());
        if (settings.username() != null && !settings.username().isBlank()) {
            // without a username the hub does not authenticate (a relay that trusts the network)
            configuration.setUsername(settings.username());
            configuration.setPassword(settings.password());
        }
        configuration.setConnectionTimeout((int) settings.timeout().toMillis());
        if (settings.startTls()) {
            // required, not just enabled: a server that drops STARTTLS must not get the password in clear
            Properties extra = new Properties();
            extra.put("mail.smtp.starttls.enable", "true");
            extra.put("mail.smtp.starttls.required", "true");
            configuration.setAdditionalJavaMailProperties(extra);
        }
        MailComponent component = context.getComponent("smtp", MailComponent.class);
        MailEndpoint endpoint = new MailEndpoint("smtp://" + settings.host() + ":" + settings.port(), component,
                configuration);
        endpoint.setCamelContext(context);
        return endpoint;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    /** The customer's own contacts: held in the customer's quiet hours. */
    @Override
    public Audience audience() {
        return Audience.CUSTOMER;
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        Optional<EmailTarget> target = targets.apply(n.customerId());
        if (target.isEmpty()) {
            return DeliveryResult.failed("customer \"" + n.customerId() + "\" has no notifications.email settings");
        }
        MimeMessage mail;
        String messageId;
        try {
            messageId = messageId(n, target.get());
            mail = compose(n, target.get(), messageId);
        } catch (AddressException e) {
            return DeliveryResult.failed("invalid address " + quote(e.getRef()) + " in notifications.email");
        } catch (MessagingException e) {
            return DeliveryResult.failed("cannot compose the mail: " + e.getMessage());
        }
        Exchange exchange = smtp.createExchange();
        exchange.getIn().setBody(mail);
        Exchange done = template.send(smtp, exchange);
        if (done.getException() != null) {
            return classify(done.getException());
        }
        return DeliveryResult.sent(messageId, "mailed to " + target.get().to().size() + " contact(s)");
    }

    /** The mail for {@code n}: headers, subject and body in the customer's language, UTF-8. */
    MimeMessage compose(Notification n, EmailTarget target, String messageId) throws MessagingException {
        NotificationContent c = n.content().in(TextFormat.PLAIN);
        String locale = c.locale();
        Map<String, String> values = new HashMap<>(texts.placeholders(n.action(), c));
        String subject;
        String body;
        if (n.action() == NotificationAction.DIGEST) {
            List<NotificationContent> items = c.digestItems() == null ? List.of() : c.digestItems();
            values.put("count", Integer.toString(items.size()));
            values.put("items", digestItems(items));
            subject = texts.text(locale, "email.subject.digest", values);
            body = texts.template(locale, "email-digest", values);
        } else {
            values.put("actionSentence", texts.text(locale, "email.sentence." + n.action().name()));
            values.put("links", links(locale, c));
            values.put("steps", steps(locale, c.steps()));
            values.put("diagnostics", c.diagnostics() == null || c.diagnostics().isBlank() ? "-"
                    : Excerpts.limit(c.diagnostics(), DIAGNOSTICS_MAX));
            subject = texts.text(locale, "email.subject", values);
            body = texts.template(locale, "email", values);
        }
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(target.from(), true));
        for (String to : target.to()) {
            mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        if (target.replyTo() != null && !target.replyTo().isBlank()) {
            mail.setReplyTo(new InternetAddress[] {new InternetAddress(target.replyTo(), true)});
        }
        // subjects fold at 998 octets per line; a shorter bound keeps them readable in every client
        mail.setSubject(Excerpts.limit(TextFormat.plainLine(subject), 200), StandardCharsets.UTF_8.name());
        mail.setText(body, StandardCharsets.UTF_8.name());
        mail.setHeader("Message-ID", messageId);
        if (n.threadRef() != null && n.threadRef().startsWith("<")) {
            mail.setHeader("In-Reply-To", n.threadRef());
            mail.setHeader("References", n.threadRef());
        }
        mail.setHeader("Auto-Submitted", "auto-generated");
        if (c.incidentId() != null) {
            mail.setHeader("X-AlertHub-Incident", c.incidentId());
        }
        return mail;
    }

    /**
     * The source's links after the incident line: a blank line, a heading, one link per line; empty when the alert
     * carried none (the template's line then reads as before).
     */
    private String links(String locale, NotificationContent c) {
        if (c.links().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n\n").append(texts.text(locale, "section.links")).append(':');
        c.links().forEach(l -> text.append("\n  - ").append(l.text()).append(": ").append(l.href()));
        return text.toString();
    }

    private String messageId(Notification n, EmailTarget target) throws AddressException {
        String domain = messageIdDomain;
        if (domain == null) {
            String from = new InternetAddress(target.from(), true).getAddress();
            domain = from.substring(from.indexOf('@') + 1);
        }
        String local = ID_UNSAFE.matcher(n.id() == null ? "notification" : n.id()).replaceAll("-");
        return "<" + local + "@" + domain + ">";
    }

    private String steps(String locale, List<String> steps) {
        if (steps == null || steps.isEmpty()) {
            return "  " + texts.text(locale, "section.steps.none");
        }
        StringBuilder text = new StringBuilder();
        for (String step : steps) {
            text.append("  - ").append(step).append('\n');
        }
        return text.toString().stripTrailing();
    }

    private String digestItems(List<NotificationContent> items) {
        StringBuilder text = new StringBuilder();
        for (NotificationContent item : items) {
            Map<String, String> v = texts.placeholders(NotificationAction.TRIGGER, item);
            text.append("  - [").append(v.get("severity")).append("] ").append(v.get("alertName")).append(" / ")
                    .append(v.get("host")).append(" / ").append(v.get("outcome")).append('\n')
                    .append("    ").append(v.get("incidentUrl")).append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** SMTP 4xx and connection trouble: retry; 5xx and failed authentication: permanent. */
    static DeliveryResult classify(Throwable failure) {
        Integer code = null;
        boolean connection = false;
        Throwable authentication = null;
        for (Throwable t : causes(failure)) {
            if (code == null) {
                code = replyCode(t);
            }
            if (t instanceof AuthenticationFailedException) {
                authentication = t;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof java.io.IOException) {
                connection = true;
            }
        }
        if (authentication != null) {
            return DeliveryResult.failed("smtp authentication failed");
        }
        if (code != null) {
            String detail = "smtp answered " + code + " (" + firstLine(failure) + ")";
            return code >= 500 ? DeliveryResult.failed(detail) : DeliveryResult.retry(null, detail);
        }
        if (connection) {
            return DeliveryResult.retry(null, "smtp unreachable: " + firstLine(failure));
        }
        if (failure instanceof SendFailedException) {
            return DeliveryResult.failed("smtp refused the mail: " + firstLine(failure));
        }
        return DeliveryResult.retry(null, "smtp failed: " + firstLine(failure));
    }

    private static Integer replyCode(Throwable t) {
        int code = 0;
        if (t instanceof SMTPSendFailedException e) {
            code = e.getReturnCode();
        } else if (t instanceof SMTPAddressFailedException e) {
            code = e.getReturnCode();
        } else if (t instanceof SMTPSenderFailedException e) {
            code = e.getReturnCode();
        } else if (t instanceof MessagingException && t.getMessage() != null) {
            // other protocol errors carry the server's reply as their message, e.g. "421 4.7.0 try again later"
            Matcher m = REPLY_CODE.matcher(t.getMessage());
            if (m.find()) {
                code = Integer.parseInt(t.getMessage().trim().substring(0, 3));
            }
        }
        return code >= 400 && code <= 599 ? code : null;
    }

    /** The failure, its causes and (for mail exceptions) the chained per-address failures, each once. */
    private static List<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>(List.of(failure));
        List<Throwable> all = new java.util.ArrayList<>();
        while (!todo.isEmpty() && all.size() < 32) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                todo.add(m.getNextException());
            }
        }
        return all;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static String quote(String value) {
        return "\"" + value + "\"";
    }
}
