package io.alerthub.normalize.mail;

import io.alerthub.model.Alert;
import java.util.Optional;

/**
 * One mail format the hub understands (a monitoring tool's notification template, or a customer's rule): turns a
 * decoded mail into an alert draft, or says it is not its format. When subject and body disagree, a parser takes the
 * body's word (docs/sources/mail.md).
 */
public interface MailParser {

    /** The source format its alerts carry: {@code nagios}, {@code zabbix}, {@code rule:<name>}… */
    String format();

    /** The alert in this mail, or empty when the mail is not in this parser's format. */
    Optional<Alert> parse(MailText mail);
}
