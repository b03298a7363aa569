package io.alerthub.config;

import io.alerthub.model.AlertClassRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One customer's profile, read from {@code customers/<id>/customer.yaml}: identity, language and time zone, ingest
 * credentials, hosts, alert-class rules, SNS topics (and SQS queue), an optional alert mailbox, automation switches,
 * the escalation policy, silences, optional quiet hours, where notifications go, the incident lifecycle (resolve
 * timeout, re-fire interval), the department and tier reports group it by, cross-channel correlation, recurring
 * maintenance windows, and noise control (flap detection, inhibition rules, and whether an unreachable host inhibits
 * its other incidents: docs/noise.md); published by {@link CustomerRegistry} only after every check passed.
 */
public record CustomerConfig(
        @NotBlank(message = "is required")
        @Pattern(regexp = CustomerConfig.ID, message = "invalid id %s (valid: " + CustomerConfig.ID_RULE + ")")
        String id,
        @NotBlank(message = "is required") @Size(max = 200, message = "is longer than 200 characters")
        String name,
        CustomerLocale locale,
        ZoneId timeZone,
        @NotNull(message = "is required") @Valid IngestConfig ingest,
        @Valid List<@NotNull(message = "is required") HostConfig> hosts,
        List<@NotNull(message = "is required") AlertClassRule> alertClasses,
        @Valid SnsConfig sns,
        @Valid MailConfig mail,
        ScenarioSettings scenarios,
        @Valid EscalationConfig escalation,
        @Valid List<@NotNull(message = "is required") SilenceConfig> silences,
        @Valid QuietHoursConfig quietHours,
        @Valid NotificationsConfig notifications,
        IncidentsConfig incidents,
        @Size(max = 100, message = "is longer than 100 characters")
        @Pattern(regexp = CustomerConfig.LABEL, message = "invalid department %s (valid: " + CustomerConfig.LABEL_RULE + ")")
        String department,
        @Pattern(regexp = CustomerConfig.TIER, message = "invalid tier %s (valid: " + CustomerConfig.TIER_RULE + ")")
        String tier,
        CorrelationConfig correlation,
        @Valid List<@NotNull(message = "is required") MuteTimeIntervalConfig> muteTimeIntervals,
        FlappingConfig flapping,
        @Valid List<@NotNull(message = "is required") InhibitRuleConfig> inhibitRules,
        Boolean inhibitHostDown) {

    /** What a customer id (and so its folder name) may look like. */
    public static final String ID = "[a-z0-9][a-z0-9-]{0,62}";
    static final String ID_RULE = "lower-case letters, digits and \"-\", starting with a letter or digit, "
            + "at most 63 characters";
    /** A department: any text a report can show on one line (Japanese included), not blank. */
    static final String LABEL = "(?U)[^\\p{Cntrl}]*[^\\p{Cntrl}\\s][^\\p{Cntrl}]*";
    static final String LABEL_RULE = "text on one line, not blank";
    /** A service tier, e.g. {@code gold}, {@code 24x7}: a short label usable as a report key. */
    static final String TIER = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}";
    static final String TIER_RULE = "letters, digits, \"_\" and \"-\", starting with a letter or digit, at most 32 "
            + "characters";

    public CustomerConfig {
        locale = locale == null ? CustomerLocale.EN : locale;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        hosts = immutable(hosts);
        alertClasses = immutable(alertClasses);
        scenarios = scenarios == null ? ScenarioSettings.DEFAULT : scenarios;
        escalation = escalation == null ? EscalationConfig.DEFAULT : escalation;
        silences = immutable(silences);
        // intervals without a zone of their own read the customer's time zone
        quietHours = quietHours == null ? null : quietHours.inZone(timeZone);
        incidents = incidents == null ? IncidentsConfig.DEFAULT : incidents;
        correlation = correlation == null ? CorrelationConfig.DEFAULT : correlation;
        muteTimeIntervals = immutable(muteTimeIntervals);
        flapping = flapping == null ? new FlappingConfig(null, null, null) : flapping;
        inhibitRules = immutable(inhibitRules);
        inhibitHostDown = inhibitHostDown == null || inhibitHostDown;
    }

    /** The customer's department (the MSP's team that serves it), for reports grouped by department. */
    public Optional<String> departmentName() {
        return Optional.ofNullable(department);
    }

    /** The customer's SNS settings; a customer without an {@code sns:} section accepts no SNS topic. */
    public Optional<SnsConfig> snsSettings() {
        return Optional.ofNullable(sns);
    }

    /** The host whose id or alias is {@code name} (ignoring case), if the customer lists one. */
    public Optional<HostConfig> host(String name) {
        return hosts.stream().filter(h -> h.isNamed(name)).findFirst();
    }

    CustomerConfig withIngest(IngestConfig resolved) {
        return new CustomerConfig(id, name, locale, timeZone, resolved, hosts, alertClasses, sns, mail,
                scenarios, escalation, silences, quietHours, notifications, incidents, department, tier, correlation,
                muteTimeIntervals, flapping, inhibitRules, inhibitHostDown);
    }

    CustomerConfig withHosts(List<HostConfig> resolved) {
        return new CustomerConfig(id, name, locale, timeZone, ingest, resolved, alertClasses, sns, mail,
                scenarios, escalation, silences, quietHours, notifications, incidents, department, tier, correlation,
                muteTimeIntervals, flapping, inhibitRules, inhibitHostDown);
    }

    CustomerConfig withSns(SnsConfig resolved) {
        return new CustomerConfig(id, name, locale, timeZone, ingest, hosts, alertClasses, resolved, mail,
                scenarios, escalation, silences, quietHours, notifications, incidents, department, tier, correlation,
                muteTimeIntervals, flapping, inhibitRules, inhibitHostDown);
    }

    CustomerConfig withMail(MailConfig resolved) {
        return new CustomerConfig(id, name, locale, timeZone, ingest, hosts, alertClasses, sns, resolved,
                scenarios, escalation, silences, quietHours, notifications, incidents, department, tier, correlation,
                muteTimeIntervals, flapping, inhibitRules, inhibitHostDown);
    }

    CustomerConfig withNotifications(NotificationsConfig resolved) {
        return new CustomerConfig(id, name, locale, timeZone, ingest, hosts, alertClasses, sns, mail,
                scenarios, escalation, silences, quietHours, resolved, incidents, department, tier, correlation,
                muteTimeIntervals, flapping, inhibitRules, inhibitHostDown);
    }

    /** Where the customer's notifications go, when customer.yaml has a {@code notifications:} section. */
    public Optional<NotificationsConfig> notificationSettings() {
        return Optional.ofNullable(notifications);
    }

    /** The customer's quiet hours, when customer.yaml has a {@code quietHours:} section. */
    public Optional<QuietHoursConfig> quietHoursSettings() {
        return Optional.ofNullable(quietHours);
    }

    /** The customer's alert mailbox, when customer.yaml has a {@code mail:} section. */
    public Optional<MailConfig> mailbox() {
        return Optional.ofNullable(mail);
    }

    /** An unmodifiable copy that, unlike List.copyOf, keeps null entries so validation can name them. */
    static <T> List<T> immutable(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
