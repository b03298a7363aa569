package io.alerthub.config;

import io.alerthub.model.Severity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer's own mail parser ({@code mail.rules[]} in customer.yaml): a mail whose sender and subject match the
 * patterns becomes an alert whose fields are cut out of the subject and body by regular expressions.
 *
 * @param name     the rule's name; alerts carry source format {@code rule:<name>}
 * @param from     pattern found in the sender address (case-insensitive), any sender when absent
 * @param subject  pattern found in the decoded subject (case-insensitive), any subject when absent
 * @param fields   alert field ({@code name}, {@code host}, {@code service}, {@code severity}, {@code status},
 *                 {@code summary}, {@code fingerprint}) to a pattern searched in subject and body; its first group
 *                 (or the whole match) is the value
 * @param resolved pattern that, found in the {@code status} field (or in subject and body when there is none), makes
 *                 the alert resolved
 * @param severity severity when no {@code severity} field is extracted
 */
public record MailRule(
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "invalid rule name %s (valid: lower-case letters,"
                + " digits, \"-\" and \"_\")") String name,
        String from,
        String subject,
        Map<String, String> fields,
        String resolved,
        Severity severity) {

    /** The alert fields a rule may extract. */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("name", "host", "service", "severity",
            "status", "summary", "fingerprint");

    public MailRule {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }
}
