package io.alerthub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerFiles;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.EscalationConfig;
import io.alerthub.config.HostConfig;
import io.alerthub.config.SilenceConfig;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.escalate.quiet.Audience;
import io.alerthub.escalate.quiet.Decision;
import io.alerthub.escalate.quiet.QuietHours;
import io.alerthub.ingest.IngestProperties;
import io.alerthub.ingest.ParsedPayload;
import io.alerthub.ingest.PayloadReader;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.RawPayload;
import io.alerthub.normalize.AlertClassifier;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.AlertNormalizer;
import io.alerthub.normalize.AlertNormalizers;
import io.alerthub.normalize.Delivery;
import io.alerthub.scenario.ScenarioProperties;
import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.library.PlannedCommand;
import io.alerthub.scenario.library.ScenarioPlans;
import io.alerthub.scenario.routes.CustomerRoutesCheck;
import io.alerthub.scenario.routes.CustomerRoutesProperties;
import io.alerthub.scenario.routes.ScenarioBinding;
import io.alerthub.store.StoredAlert;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import io.alerthub.triage.Silences;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * {@code dry-run --customer <id> --format <format> <payload-file>}: what the hub would do with one delivery, by the
 * hub's own code but with no side effect: the normalized alerts, the incident key they fold under, the silence or the
 * scenario binding chosen, the exact commands that binding would send (quoted as sent) and who would be notified when
 * (levels, quiet hours, holidays). No database is opened, no host is contacted, nothing is sent.
 */
final class DryRunCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");
    private final ConfigurableEnvironment environment;
    private final PrintStream out;
    private final PrintStream err;

    DryRunCommand(ConfigurableEnvironment environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        String customerId = null;
        String format = null;
        String payloadFile = null;
        Instant now = Instant.now();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if (arg.equals("--customer") && hasValue) {
                customerId = args.get(++i);
            } else if (arg.equals("--format") && hasValue) {
                format = args.get(++i);
            } else if (arg.equals("--at") && hasValue) {
                try {
                    now = Instant.parse(args.get(++i));
                } catch (DateTimeParseException e) {
                    return usage("--at: invalid instant \"" + args.get(i) + "\" (e.g. 2026-12-07T03:00:00Z)");
                }
            } else if (!arg.startsWith("-") && payloadFile == null) {
                payloadFile = arg;
            } else {
                return usage("unexpected argument \"" + arg + "\"");
            }
        }
        if (customerId == null || format == null || payloadFile == null) {
            return usage("--customer, --format and a payload file are required");
        }
        String dir = AlertHubCli.settings(environment, "alerthub.customers", CustomerRegistryProperties.class).dir();
        String display = AlertHubCli.display(dir);
        CustomerFiles.Check customers = CustomerFiles.check(Path.of(dir), display, environment, false);
        CustomerConfig customer = customers.configs().get(customerId);
        if (customer == null) {
            String prefix = display + "/" + customerId + "/";
            List<String> own = customers.errors().stream().filter(e -> e.startsWith(prefix)).toList();
            err.println("dry-run: customer \"" + customerId + "\" is not usable" + (own.isEmpty()
                    ? " (no folder " + display + "/" + customerId + "; customers: "
                    + String.join(", ", customers.configs().keySet()) + ")" : ":"));
            own.forEach(err::println);
            return AlertHubCli.ERRORS;
        }
        List<ScenarioBinding> bindings;
        try {
            bindings = bindings(dir, display, customerId);
        } catch (BindingsException e) {
            err.println("dry-run: " + display + "/" + customerId + "/" + CustomerRoutesCheck.FILE_NAME
                    + " is refused by the hub:");
            e.errors.forEach(err::println);
            return AlertHubCli.ERRORS;
        }
        byte[] body;
        try {
            body = Files.readAllBytes(Path.of(payloadFile));
        } catch (IOException e) {
            err.println("dry-run: cannot read payload file \"" + payloadFile + "\" (" + e.getClass().getSimpleName()
                    + ")");
            return AlertHubCli.ERRORS;
        }
        Delivery delivery;
        try {
            delivery = normalize(customer, format, body, now);
        } catch (ProblemException e) {
            out.println("payload refused: " + e.status() + " " + e.getMessage());
            e.problems().forEach(p -> out.println("  " + p));
            out.println("the hub would answer " + e.status() + " and keep the delivery in the rejected store");
            return AlertHubCli.ERRORS;
        }
        ZoneId zone = customer.timeZone();
        out.println("dry-run at " + TIME.format(now.atZone(zone)) + " (" + zone + "): customer " + customer.id()
                + " (" + customer.name() + "), format " + format + ", " + delivery.alerts().size()
                + (delivery.alerts().size() == 1 ? " alert" : " alerts")
                + " — nothing is stored, no host is contacted, nothing is sent");
        if (delivery.eventId() != null) {
            out.println("source event id: " + delivery.eventId() + " (a redelivery of it is stored once)");
        }
        ScenarioProperties hub = AlertHubCli.settings(environment, "alerthub.scenarios", ScenarioProperties.class);
        for (int i = 0; i < delivery.alerts().size(); i++) {
            out.println();
            explain(i + 1, delivery.alerts().get(i), customer, bindings, hub, now);
        }
        return AlertHubCli.OK;
    }

    private void explain(int n, Alert alert, CustomerConfig customer, List<ScenarioBinding> bindings,
            ScenarioProperties hub, Instant now) {
        String host = alert.resource().host();
        out.println("alert " + n + ": " + alert.name() + " [" + alert.status().json() + ", " + alert.severity().json()
                + "] class " + alert.alertClass() + ", host " + (host == null ? "(none)" : host)
                + (host != null && customer.host(host).isEmpty() ? " (not in customer.yaml)" : ""));
        out.println("  summary: " + alert.summary());
        if (!alert.labels().isEmpty()) {
            out.println("  labels: " + alert.labels());
        }
        alert.links().forEach(link -> out.println("  link: " + link.href()));
        out.println("  fingerprint: " + alert.fingerprint());
        out.println("  incident: folds into the open incident of (" + customer.id() + ", " + alert.fingerprint()
                + ") if there is one, else opens a new one (the database is not read here)");
        if (alert.status() == AlertStatus.RESOLVED) {
            out.println("  resolved: resolves that incident (no scenario runs); every channel already notified is "
                    + "told it is resolved");
            return;
        }
        Map<String, String> values = Silences.values(alert.alertClass(), host, alert.severity() == null ? null
                : alert.severity().json(), alert.name(), alert.labels());
        Optional<SilenceConfig> silence = Silences.matching(customer.silences(), host, alert.alertClass(),
                () -> values, now).or(() -> Silences.muted(customer, host, alert.alertClass(), () -> values, now));
        if (silence.isPresent()) {
            out.println("  silenced by " + (silence.get().comment() == null ? "a silence of customer.yaml"
                    : "\"" + silence.get().comment() + "\"") + (silence.get().id() == null ? ""
                    : " (" + silence.get().id() + ")") + " until " + TIME.format(silence.get().endsAt()
                    .toInstant().atZone(customer.timeZone())) + ": SUPPRESSED, no scenario, nobody notified"
                    + " (silences made through the API are in the database and not seen here)");
            return;
        }
        out.println("  silences: none of customer.yaml applies (silences made through the API are not seen here)");
        if (!hub.enabled() || !customer.scenarios().enabled()) {
            out.println("  scenario: none, automation is switched off (" + (hub.enabled()
                    ? "customer.yaml scenarios.enabled" : "alerthub.scenarios.enabled") + "): escalates at once");
            notifications(customer, alert, Outcome.ESCALATED, now);
            return;
        }
        Optional<ScenarioBinding> chosen = bindings.stream()
                .filter(b -> b.matches(alert.alertClass(), host, alert.labels())).findFirst();
        if (chosen.isEmpty()) {
            out.println("  scenario: none of the " + bindings.size() + " bindings takes class " + alert.alertClass()
                    + " on host " + host + ": escalates at once");
            notifications(customer, alert, Outcome.ESCALATED, now);
            return;
        }
        ScenarioBinding binding = chosen.get();
        HostConfig target = host == null ? null : customer.host(host).orElse(null);
        boolean dryRun = hub.dryRun() || customer.scenarios().dryRun()
                || Boolean.parseBoolean(binding.parameters().getOrDefault("dryRun", "false"));
        out.println("  scenario: " + binding.routeId() + " (template " + binding.templateId() + "), the first of "
                + bindings.size() + " bindings that takes class " + alert.alertClass() + " on host " + host
                + (dryRun ? "; remediations only recorded as \"would run\" (dry-run switch)" : ""));
        Incident incident = new Incident(null, customer.id(), alert.fingerprint(), IncidentState.AUTOMATING, null,
                alert.status(), alert.name(), alert.alertClass(), alert.severity(), host, alert.summary(), 1, now, now,
                null);
        ScenarioRun run = ScenarioRun.preview(incident, new StoredAlert(alert, null), customer, target,
                binding.templateId(), binding.routeId(), binding.parameters());
        try {
            List<PlannedCommand> steps = ScenarioPlans.plan(run);
            out.println("  commands" + (target == null ? " (the host is not in customer.yaml: the scenario escalates"
                    + " before any ssh command)" : " over ssh to " + target.sshUser() + "@" + target.sshAddress() + ":"
                    + target.sshPort()) + ":");
            for (PlannedCommand step : steps) {
                out.println("    " + String.format("%-9s", step.phase()) + " " + (step.ssh() ? "$ " : "")
                        + step.command() + (step.when().isEmpty() ? "" : "    # " + step.when()));
            }
        } catch (IllegalArgumentException e) {
            out.println("  the scenario would escalate at once: " + e.getMessage());
            notifications(customer, alert, Outcome.ESCALATED, now);
            return;
        }
        out.println("  when the scenario resolves the problem: nobody is notified");
        notifications(customer, alert, Outcome.HANDED_OVER, now);
        notifications(customer, alert, Outcome.ESCALATED, now);
    }

    /** Who the escalation planner would queue for {@code outcome}, and what quiet hours would do with each. */
    private void notifications(CustomerConfig customer, Alert alert, Outcome outcome, Instant now) {
        List<EscalationConfig.Level> levels = EscalationPlanner.levels(customer, outcome);
        String when = outcome == Outcome.HANDED_OVER ? "handed over" : "escalated";
        if (levels.isEmpty()) {
            out.println("  notified when " + when + ": nobody (" + (EscalationPlanner.configuredChannels(customer)
                    .isEmpty() ? "customer.yaml configures no notification channel" : "escalation.handedOver: none")
                    + "); the incident waits in the API and console");
            return;
        }
        out.println("  notified when " + when + " (unless someone acknowledges first):");
        QuietHours quiet = QuietHours.of(customer);
        for (EscalationConfig.Level level : levels) {
            // groupWait delays only the first notification of a new group (a dry run assumes the group is new)
            java.time.Instant due = now.plus(level.delay())
                    .plus(level == levels.get(0) ? customer.escalation().groupWaitDuration() : java.time.Duration.ZERO);
            for (String name : level.channels()) {
                ChannelKind channel = ChannelKind.of(name);
                String audience = EscalationPlanner.audience(channel);
                Decision decision = quiet.decide(due, alert.severity(),
                        audience.equals("customer") ? Audience.CUSTOMER : Audience.INTERNAL);
                String at = TIME.format(due.atZone(customer.timeZone()));
                String what = decision.held() ? "held by quiet hours \"" + decision.interval() + "\" until "
                        + TIME.format(decision.holdUntil().atZone(customer.timeZone()))
                        + (quiet.digest() ? " (then in one digest)" : "")
                        : decision.overridden() ? "sent at " + at + " (critical: through quiet hours \""
                        + decision.interval() + "\")" : "sent at " + at;
                out.println("    after " + level.after() + ": " + channel + target(customer, channel) + " (" + audience
                        + ") — " + what);
            }
        }
    }

    private static String target(CustomerConfig customer, ChannelKind channel) {
        return customer.notificationSettings().map(n -> switch (channel) {
            case SLACK -> n.slackSettings().map(s -> s.channel() == null ? " (webhook)" : " " + s.channel())
                    .orElse("");
            case EMAIL -> n.emailSettings().map(e -> " " + String.join(", ", e.to())).orElse("");
            case PAGERDUTY -> "";
        }).orElse("");
    }

    private List<ScenarioBinding> bindings(String dir, String display, String customerId) throws BindingsException {
        Path file = Path.of(dir, customerId, CustomerRoutesCheck.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        boolean allowCustom = AlertHubCli.settings(environment, "alerthub.customer-routes",
                CustomerRoutesProperties.class).allowCustomRoutes();
        CamelContext camel = null;
        try {
            camel = ScenarioTemplates.load();
            CustomerRoutesCheck.Result result = CustomerRoutesCheck.check(camel, customerId,
                    display + "/" + customerId + "/" + CustomerRoutesCheck.FILE_NAME, Files.readAllBytes(file),
                    allowCustom);
            if (!result.errors().isEmpty()) {
                throw new BindingsException(result.errors());
            }
            return result.bindings();
        } catch (BindingsException e) {
            throw e;
        } catch (Exception e) {
            throw new BindingsException(List.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            if (camel != null) {
                ScenarioTemplates.close(camel);
            }
        }
    }

    /** The hub's ingest path from the parsed body to finished alerts: the same reader, normalizers and finisher. */
    private Delivery normalize(CustomerConfig customer, String format, byte[] body, Instant now) {
        IngestProperties ingest = AlertHubCli.settings(environment, "alerthub.ingest", IngestProperties.class);
        PayloadReader reader = new PayloadReader(ingest, Clock.fixed(now, customer.timeZone()));
        JsonNode json = reader.parse(body);
        RawPayload raw = new RawPayload(Ids.next(), customer.id(), "webhook", format, "application/json", now, body);
        java.util.function.Function<String, Optional<CustomerConfig>> customers =
                id -> id.equals(customer.id()) ? Optional.of(customer) : Optional.empty();
        AlertFinisher finisher = new AlertFinisher(new AlertClassifier(), customers);
        // the customer's own formats (ingest.mappings) as the hub reads them
        return new AlertNormalizers(normalizers(), finisher, customers).normalize(new ParsedPayload(raw, json));
    }

    /** Every webhook normalizer of the hub that needs nothing but itself (all but those reading hub services). */
    private static List<AlertNormalizer> normalizers() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(AlertNormalizer.class));
        List<AlertNormalizer> normalizers = new ArrayList<>();
        for (BeanDefinition candidate : scan.findCandidateComponents("io.alerthub.normalize")) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                normalizers.add((AlertNormalizer) type.getConstructor().newInstance());
            } catch (NoSuchMethodException e) {
                // needs hub services (e.g. the SNS normalizer): not offered by the dry-run
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + candidate.getBeanClassName(), e);
            }
        }
        return normalizers;
    }

    private int usage(String problem) {
        err.println("dry-run: " + problem);
        err.println(AlertHubCli.USAGE_TEXT);
        return AlertHubCli.USAGE;
    }

    /** The customer's routes file is refused: the hub would not run it either. */
    private static final class BindingsException extends Exception {
        private final List<String> errors;

        BindingsException(List<String> errors) {
            super(String.join("; ", errors), null, false, false);
            this.errors = errors;
        }
    }
}
