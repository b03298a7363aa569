package io.alerthub.normalize;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertClassRule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: derives an alert draft's {@code alertClass} (disk_usage, host_unreachable, …) from ordered
 * {@link AlertClassRule}s — the customer's own first, then the hub's {@code alert-classes.yaml} — first match wins,
 * {@value #UNKNOWN} when none matches. A rule's {@code words} see the alert split into words ({@link #words}), first
 * over the name alone, then (a second pass over the same rules) over name, summary and description.
 */
@Component
public class AlertClassifier {
    /** The class of an alert no rule recognises. */
    public static final String UNKNOWN = "unknown";
    /** The hub's rules on the classpath. */
    public static final String RULES_RESOURCE = "alert-classes.yaml";

    private static final Pattern CLASS_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** Customer rule lists change only on a config reload; a cap keeps stale entries from piling up. */
    private static final int CUSTOMER_CACHE_LIMIT = 10_000;
    /** Where CamelCase names join words: "FileSystemDevice", "RAIDDisk", "X509Certificate". */
    private static final Pattern CAMEL_JOINT = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})"
            + "|(?<=\\d)(?=\\p{Lu}\\p{Ll})");
    /** Underscores and Zabbix's brackets ("FS [/]:", "Interface eth0():") stand between words, not in them. */
    private static final Pattern JOINERS = Pattern.compile("[_\\[\\]()]+");

    private final List<CompiledRule> hubRules;
    private final Map<AlertClassRule, Optional<CompiledRule>> customerRules = new ConcurrentHashMap<>();

    /** Loads and compiles the hub's rules once; a bad rule fails start-up. */
    @Autowired
    public AlertClassifier() {
        this(load(RULES_RESOURCE), RULES_RESOURCE);
    }

    /**
     * Compiles the given rules as the hub's rules.
     *
     * @param origin where the rules came from, named in error messages
     * @throws IllegalStateException listing every invalid rule by index, field and pattern
     */
    public AlertClassifier(List<AlertClassRule> rules, String origin) {
        List<String> problems = problems(rules, "");
        if (!problems.isEmpty()) {
            throw new IllegalStateException(origin + ": invalid alert class rules:\n  "
                    + String.join("\n  ", problems.stream().map(p -> origin + ": " + p).toList()));
        }
        this.hubRules = rules.stream().map(CompiledRule::compile).toList();
    }

    /**
     * The alert's class: its own when it already has one, else the class of the first matching customer rule, else
     * of the first matching hub rule, else {@value #UNKNOWN}. Customer rules that do not compile are skipped; the
     * customer configuration check reports them with {@link #problems(List, String)}.
     */
    public String classify(Alert draft, List<AlertClassRule> customerRules) {
        if (draft.alertClass() != null && !draft.alertClass().isBlank()) {
            return draft.alertClass();
        }
        Subject subject = new Subject(draft);
        List<CompiledRule> customer = new ArrayList<>();
        if (customerRules != null) {
            for (AlertClassRule rule : customerRules) {
                if (rule != null) {
                    compiledCustomerRule(rule).ifPresent(customer::add);
                }
            }
        }
        for (List<CompiledRule> rules : List.of(customer, hubRules)) {
            // words over the name first, so a runbook hint in a description cannot out-vote what the alert is called
            for (boolean textPass : new boolean[] {false, true}) {
                for (CompiledRule rule : rules) {
                    if (rule.matches(subject, textPass)) {
                        return rule.alertClass();
                    }
                }
            }
        }
        return UNKNOWN;
    }

    /**
     * The words of an alert name or text as rules see them: CamelCase split ("HostFilesystemDeviceError" → "Host
     * Filesystem Device Error", so "systemd" is not found in it), underscores and brackets turned into spaces
     * ("Linux: FS [/var]: Space is low" → "Linux: FS  /var : Space is low"). Null stays null.
     */
    public static String words(String text) {
        if (text == null) {
            return null;
        }
        return JOINERS.matcher(CAMEL_JOINT.matcher(text).replaceAll(" ")).replaceAll(" ");
    }

    /**
     * Every problem in a list of rules, one message each, naming the rule by index under {@code path}
     * (e.g. {@code alertClasses[2].text: invalid regular expression "(disk" (unclosed group near index 5)}).
     */
    public static List<String> problems(List<AlertClassRule> rules, String path) {
        List<String> out = new ArrayList<>();
        if (rules == null) {
            return out;
        }
        for (int i = 0; i < rules.size(); i++) {
            String at = path + "[" + i + "]";
            AlertClassRule rule = rules.get(i);
            if (rule == null) {
                out.add(at + ": rule is empty");
                continue;
            }
            if (rule.alertClass() == null || rule.alertClass().isBlank()) {
                out.add(at + ".class: is required");
            } else if (!CLASS_NAME.matcher(rule.alertClass()).matches()) {
                out.add(at + ".class: invalid class \"" + rule.alertClass()
                        + "\" (lower-case letters, digits and _, starting with a letter)");
            }
            checkPattern(out, at + ".format", rule.format());
            checkPattern(out, at + ".name", rule.name());
            checkPattern(out, at + ".text", rule.text());
            checkPattern(out, at + ".words", rule.words());
            rule.labels().forEach((k, v) -> checkPattern(out, at + ".labels." + k, v));
        }
        return out;
    }

    private static void checkPattern(List<String> out, String at, String regex) {
        if (regex == null) {
            return;
        }
        try {
            Pattern.compile(regex, FLAGS);
        } catch (PatternSyntaxException e) {
            String why = e.getDescription();
            why = why == null || why.isEmpty() ? "syntax error" : Character.toLowerCase(why.charAt(0)) + why.substring(1);
            out.add(at + ": invalid regular expression \"" + regex + "\" (" + why + " near index " + e.getIndex() + ")");
        }
    }

    private Optional<CompiledRule> compiledCustomerRule(AlertClassRule rule) {
        Optional<CompiledRule> cached = customerRules.get(rule);
        if (cached != null) {
            return cached;
        }
        if (customerRules.size() >= CUSTOMER_CACHE_LIMIT) {
            customerRules.clear();
        }
        Optional<CompiledRule> compiled = problems(List.of(rule), "").isEmpty()
                ? Optional.of(CompiledRule.compile(rule)) : Optional.empty();
        customerRules.put(rule, compiled);
        return compiled;
    }

    private static List<AlertClassRule> load(String resource) {
        YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try (InputStream in = AlertClassifier.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + ": not found on the classpath");
            }
            List<AlertClassRule> rules = yaml.readValue(in, new TypeReference<List<AlertClassRule>>() { });
            return rules == null ? List.of() : rules;
        } catch (IOException e) {
            throw new IllegalStateException(resource + ": cannot read alert class rules: " + e.getMessage(), e);
        }
    }

    /** What rules look at, computed once per draft. */
    private record Subject(String format, String name, String text, String nameWords, String textWords,
                           Map<String, String> labels) {
        Subject(Alert a) {
            this(a.source() == null ? null : a.source().format(), a.name(), joined(a), words(a.name()),
                    words(joined(a)), a.labels());
        }

        private static String joined(Alert a) {
            StringBuilder s = new StringBuilder();
            for (String part : new String[] {a.name(), a.summary(), a.description()}) {
                if (part != null && !part.isBlank()) {
                    s.append(part).append('\n');
                }
            }
            return s.toString();
        }
    }

    /** One rule with its patterns compiled. */
    private record CompiledRule(String alertClass, Pattern format, Pattern name, Pattern text, Pattern words,
                                Map<String, Pattern> labels) {
        static CompiledRule compile(AlertClassRule r) {
            Map<String, Pattern> labels = new LinkedHashMap<>();
            r.labels().forEach((k, v) -> labels.put(k, v == null ? null : Pattern.compile(v, FLAGS)));
            return new CompiledRule(r.alertClass().trim().toLowerCase(Locale.ROOT), p(r.format()), p(r.name()),
                    p(r.text()), p(r.words()), labels);
        }

        private static Pattern p(String regex) {
            return regex == null ? null : Pattern.compile(regex, FLAGS);
        }

        /**
         * In the name pass every rule takes part, its words matched against the name's words; in the text pass only
         * rules with words do, matched against the words of name, summary and description.
         */
        boolean matches(Subject s, boolean textPass) {
            if (textPass && words == null) {
                return false;
            }
            if (!found(format, s.format()) || !found(name, s.name()) || !found(text, s.text())
                    || !found(words, textPass ? s.textWords() : s.nameWords())) {
                return false;
            }
            for (Map.Entry<String, Pattern> e : labels.entrySet()) {
                String value = s.labels().get(e.getKey());
                if (value == null || !found(e.getValue(), value)) {
                    return false;
                }
            }
            return true;
        }

        /** An absent condition matches anything; a present one needs a value to match. */
        private static boolean found(Pattern p, String value) {
            return p == null || (value != null && p.matcher(value).find());
        }
    }
}
