package io.alerthub.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One rule deriving {@code alertClass}: every condition given must match (regular expressions, case-insensitive,
 * found anywhere in the value); absent conditions match anything. {@code text} is matched against name, summary and
 * description together; {@code labels} against label values by key. {@code words} is matched against the alert's
 * words (CamelCase, snake_case and Zabbix {@code FS [/]:} names split apart): first against the name, and in a second
 * pass, once no rule matched a name, against name, summary and description. Rules are read in order and the first
 * match wins; a customer's own rules (customer.yaml {@code alertClasses}) come before the hub's data file.
 */
public record AlertClassRule(
        @JsonProperty("class") String alertClass,
        String format,
        String name,
        String text,
        String words,
        Map<String, String> labels) {
    public AlertClassRule {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A rule without a {@code words} condition. */
    public AlertClassRule(String alertClass, String format, String name, String text, Map<String, String> labels) {
        this(alertClass, format, name, text, null, labels);
    }
}
