package io.alerthub.scenario;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.HostConfig;
import io.alerthub.config.SilenceConfig;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.TimelineEntry;
import io.alerthub.scenario.ssh.CommandParameterException;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.SshCommand;
import io.alerthub.scenario.ssh.SshException;
import io.alerthub.scenario.ssh.SshExecutor;
import io.alerthub.scenario.ssh.SshResult;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.RemediationStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps every scenario template is made of: start a run on a claimed incident, run a declared command over SSH,
 * run a remediation behind the safety checks (incident still ours, rate limit, dry-run), record a probe made from
 * the hub, and finish with a verdict. Every step lands on the incident's timeline as it happens.
 */
@Component("scenarios")
public class Scenarios {
    /** Per stream, what the timeline keeps of a command's output (the full capped output is in the SSH result). */
    static final int TIMELINE_OUTPUT_CHARS = 4000;
    private static final Logger LOG = LoggerFactory.getLogger(Scenarios.class);
    private static final String ACTOR = "hub";

    private final IncidentStore incidents;
    private final AlertStore alerts;
    private final TimelineStore timeline;
    private final RemediationStore remediations;
    private final CustomerRegistry customers;
    private final SshExecutor ssh;
    private final ScenarioProperties properties;
    private final ScenarioSwitches switches;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;
    private final CamelContext camel;

    public Scenarios(IncidentStore incidents, AlertStore alerts, TimelineStore timeline, RemediationStore remediations,
                     CustomerRegistry customers, SshExecutor ssh, ScenarioProperties properties,
                     ScenarioSwitches switches, TransactionTemplate tx, ApplicationEventPublisher events,
                     MeterRegistry meters, Clock clock, CamelContext camel) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.timeline = timeline;
        this.remediations = remediations;
        this.customers = customers;
        this.ssh = ssh;
        this.properties = properties;
        this.switches = switches;
        this.tx = tx;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
        this.camel = camel;
    }

    /**
     * Starts the run of binding {@code scenarioId} (a route made from {@code template}) on incident
     * {@code incidentId}, claimed by the dispatcher for this binding. A run whose incident is not claimed for it comes
     * back closed and is never persisted.
     */
    public ScenarioRun begin(String incidentId, String template, String scenarioId) {
        Incident incident = incidents.find(incidentId).orElseThrow(() -> new IllegalStateException(
                "incident " + incidentId + " does not exist"));
        Map<String, String> parameters = TemplateParameters.of(camel, scenarioId);
        CustomerConfig customer = customers.find(incident.customerId()).orElse(null);
        HostConfig host = customer == null || incident.host() == null ? null : customer.host(incident.host()).orElse(null);
        boolean dryRun = switches.dryRun() || (customer != null && customer.scenarios().dryRun())
                || Boolean.parseBoolean(parameters.getOrDefault("dryRun", "false"))
                // a person asked for this run again as a dry run (POST /api/v1/incidents/{id}/rerun)
                || incidents.rerunDryRun(incidentId);
        ScenarioRun run = new ScenarioRun(incident, alerts.latestForIncident(incidentId).orElse(null), customer, host,
                template, scenarioId, parameters, dryRun, clock.instant());
        if (incident.state() != IncidentState.AUTOMATING || !scenarioId.equals(incident.scenario())) {
            LOG.warn("incident {} is {} for scenario {}, not claimed for {}: not running it", incidentId,
                    incident.state(), incident.scenario(), scenarioId);
            run.detach();
            return run;
        }
        if (customer == null) {
            run.escalate(run.text("run.customer-gone", "customer", incident.customerId()));
            return run;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("scenario", scenarioId);
        detail.put("template", template);
        detail.put("host", incident.host());
        detail.put("dryRun", dryRun);
        record(incidentId, "scenario_started", detail);
        return run;
    }

    /**
     * Runs a declared command on the incident's host and records it on the timeline. Returns null when it could
     * not run or did not end within the command timeout; the run is then escalated with the reason (host key
     * changed, connection refused, login refused, timed out, a value from the alert that does not fit the command's
     * parameter type…).
     */
    public SshResult ssh(ScenarioRun run, String phase, CommandTemplate command, Map<String, String> values) {
        if (!run.isOpen()) {
            return null;
        }
        HostConfig host = run.host().orElse(null);
        if (host == null) {
            run.escalate(run.text("run.host-unlisted", "host", quote(run.incident().host())));
            return null;
        }
        if (!host.usesSsh()) {
            run.escalate(run.text("run.host-no-ssh", "host", quote(host.id())));
            return null;
        }
        SshCommand line;
        try {
            line = command.render(values);
        } catch (CommandParameterException e) {
            Map<String, Object> detail = stepDetail(phase, command.name(), host.id(), command.text());
            detail.put("error", e.getMessage());
            record(run.incident().id(), "ssh_refused", detail);
            run.escalate(run.text("run.refused", "command", command.name(), "error", e.getMessage()));
            return null;
        }
        try {
            SshResult result = ssh.execute(run.customer().id(), host, line);
            Map<String, Object> detail = stepDetail(phase, command.name(), host.id(), result.command());
            detail.put("exitCode", result.exitCode());
            if (result.exitSignal() != null) {
                detail.put("exitSignal", result.exitSignal());
            }
            detail.put("stdout", bounded(result.stdout()));
            detail.put("stderr", bounded(result.stderr()));
            detail.put("truncated", result.stdoutTruncated() || result.stderrTruncated()
                    || result.stdout().length() > TIMELINE_OUTPUT_CHARS || result.stderr().length() > TIMELINE_OUTPUT_CHARS);
            detail.put("durationMs", result.duration().toMillis());
            detail.put("timedOut", result.timedOut());
            record(run.incident().id(), "ssh", detail);
            if (result.timedOut()) {
                // a hung command proves nothing (an empty answer is not "active", "reachable" or "cleaned") and may
                // still be running: no further step builds on it
                run.escalate(run.text("run.timed-out", "command", command.name(),
                        "duration", rounded(result.duration()), "host", host.id()));
                return null;
            }
            return result;
        } catch (SshException e) {
            Map<String, Object> detail = stepDetail(phase, command.name(), host.id(), line.text());
            detail.put("failure", e.failure().name());
            detail.put("error", e.getMessage());
            record(run.incident().id(), "ssh_failed", detail);
            run.escalate(run.text("run.ssh." + e.failure().name(), "error", e.getMessage()));
            return null;
        }
    }

    /**
     * Runs a remediation if it is still safe: the incident is still the scenario's (not resolved by the source,
     * acknowledged or suppressed meanwhile), the host is under its remediation limit, and automation is not in
     * dry-run. In dry-run the command is recorded as "would run" and null comes back. Null also when it was not
     * run for a reason, which then decides the run.
     */
    public SshResult remediate(ScenarioRun run, CommandTemplate command, Map<String, String> values, String action) {
        if (!run.isOpen()) {
            return null;
        }
        Incident now = incidents.find(run.incident().id()).orElseThrow();
        if (now.sourceStatus() == AlertStatus.RESOLVED || now.state() != IncidentState.AUTOMATING) {
            String why = now.sourceStatus() == AlertStatus.RESOLVED ? run.text("run.source-resolved")
                    : now.acknowledgedBy() == null ? run.text("run.state-changed", "state", now.state())
                    : run.text("run.state-changed.by", "state", now.state(), "person", now.acknowledgedBy());
            record(run.incident().id(), "remediation_skipped", Map.of("action", action, "reason", why));
            run.handOver(why);
            return null;
        }
        String host = run.host().map(HostConfig::id).orElse(run.incident().host());
        int limit = intParameter(run, "maxRemediations", properties.remediationLimit());
        Instant since = clock.instant().minus(properties.remediationWindow());
        int done = remediations.count(run.customer().id(), host, run.template(), since);
        if (!run.dryRun() && done >= limit) {
            String why = run.text("run.restart-loop", "done", done, "template", run.template(), "host", host,
                    "window", human(properties.remediationWindow()), "limit", limit);
            record(run.incident().id(), "remediation_refused", Map.of("action", action, "reason", why));
            run.escalate(why);
            return null;
        }
        if (run.dryRun()) {
            String wouldRun;
            try {
                wouldRun = command.render(values).text();
            } catch (CommandParameterException e) {
                run.escalate(run.text("run.refused", "command", command.name(), "error", e.getMessage()));
                return null;
            }
            remediations.record(Ids.next(), run.customer().id(), host, run.template(), run.incident().id(), action,
                    true, clock.instant());
            Map<String, Object> detail = stepDetail("remediate", command.name(), host, wouldRun);
            detail.put("dryRun", true);
            detail.put("action", action);
            record(run.incident().id(), "would_run", detail);
            run.found(run.text("run.dry-run.found", "command", wouldRun));
            run.leftForYou(run.text("run.dry-run.left", "action", action));
            run.handOver(run.text("run.dry-run.verdict"));
            return null;
        }
        // recorded before it runs: a crash mid-command still counts against the limit
        remediations.record(Ids.next(), run.customer().id(), host, run.template(), run.incident().id(), action, false,
                clock.instant());
        SshResult result = ssh(run, "remediate", command, values);
        if (result != null) {
            run.markRemediated();
        }
        return result;
    }

    /** Records a check the hub made itself (TCP connect, HTTP request, TLS handshake). */
    public void probe(ScenarioRun run, String phase, String kind, String target, Map<String, Object> result) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("phase", phase);
        detail.put("probe", kind);
        detail.put("target", target);
        detail.putAll(result);
        record(run.incident().id(), "probe", detail);
    }

    /** Records the verdict (the run's, or a hand-over when the template reached none) and tells later stages. */
    public void finish(ScenarioRun run) {
        if (run.detached()) {
            return;
        }
        if (run.isOpen()) {
            run.handOver(run.text("run.no-verdict"));
        }
        Duration took = Duration.between(run.started(), clock.instant());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("scenario", run.scenarioId());
        detail.put("template", run.template());
        detail.put("outcome", run.outcome().name());
        detail.put("reason", run.reason());
        detail.put("checked", run.checkedList());
        detail.put("found", run.foundList());
        detail.put("leftForYou", run.leftList());
        detail.put("durationMs", took.toMillis());
        decide(run.incident(), run.outcome(), run.summary(), detail);
        Timer.builder("alerthub.scenario.duration").description("time from scenario start to its verdict")
                .tag("template", run.template()).tag("outcome", run.outcome().name()).register(meters).record(took);
    }

    /**
     * Escalates an incident no scenario takes (no binding matches, automation switched off, the scenario broke or
     * was lost), claiming it first when still {@code OPEN}.
     */
    public void escalate(Incident incident, String reason) {
        if (incident.state() == IncidentState.OPEN && !incidents.claim(incident.id(), null, clock.instant())) {
            return; // another dispatcher took it meanwhile
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("scenario", incident.scenario());
        detail.put("outcome", Outcome.ESCALATED.name());
        detail.put("reason", reason);
        decide(incident, Outcome.ESCALATED, reason, detail);
    }

    /** A silence covers the incident: no scenario runs and nobody is notified; the timeline says which. */
    public void suppress(Incident incident, SilenceConfig silence) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("silence", silence.id());
        detail.put("until", silence.endsAt().toInstant().toString());
        detail.put("comment", silence.comment());
        tx.executeWithoutResult(s -> {
            String reason = ScenarioTexts.text(customers.find(incident.customerId()).orElse(null),
                    silence.comment() == null ? "run.suppressed" : "run.suppressed.comment", "silence", silence.id(),
                    "until", silence.endsAt().toInstant(), "comment", silence.comment());
            if (incidents.suppress(incident.id(), reason, clock.instant())) {
                record(incident.id(), "suppressed", detail);
            }
        });
        meters.counter("alerthub.scenario.suppressed").increment();
    }

    /**
     * An open incident inhibits this one ({@code rule}): {@code SUPPRESSED} with {@code inhibitedBy}, no scenario, no
     * page; both timelines say so, the source's with how many it inhibits (its notifications list them).
     */
    public void inhibit(Incident incident, Incident source, String rule) {
        tx.executeWithoutResult(s -> {
            String reason = "inhibited by incident " + source.id() + " (" + source.name() + " on " + source.host()
                    + ", rule: " + rule + "): no scenario runs and nobody is paged until it resolves";
            if (!incidents.inhibit(incident.id(), source.id(), reason, clock.instant())) {
                return;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("inhibitedBy", source.id());
            detail.put("rule", rule);
            detail.put("reason", reason);
            record(incident.id(), "inhibited", detail);
            Map<String, Object> onSource = new LinkedHashMap<>();
            onSource.put("incident", incident.id());
            onSource.put("name", incident.name());
            onSource.put("host", incident.host());
            onSource.put("count", incidents.inhibitedBy(source.id()).size());
            record(source.id(), "inhibits", onSource);
        });
        meters.counter("alerthub.scenario.inhibited").increment();
    }

    /** The silence over an incident ended while it still fires: back to {@code OPEN}, for a scenario to take. */
    public boolean unsuppress(Incident incident) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (!incidents.unsuppress(incident.id())) {
                return false;
            }
            record(incident.id(), "silence_ended", Map.of("reason", "no silence covers the incident any more and its "
                    + "alert still fires"));
            return true;
        }));
    }

        private void decide(Incident incident, Outcome outcome, String summary, Map<String, Object> detail) {
        tx.executeWithoutResult(s -> {
            incidents.decide(incident.id(), outcome, summary, clock.instant());
            record(incident.id(), "outcome", detail);
        });
        meters.counter("alerthub.scenario.outcomes", "outcome", outcome.name(),
                "template", String.valueOf(detail.getOrDefault("template", "none"))).increment();
        LOG.info("incident {} of {}: {} ({})", incident.id(), incident.customerId(), outcome,
                firstLine(String.valueOf(detail.get("reason"))));
        events.publishEvent(new ScenarioDecided(incident.id(), incident.customerId(), outcome));
    }

    private void record(String incidentId, String kind, Map<String, Object> detail) {
        timeline.append(incidentId, new TimelineEntry(clock.instant(), ACTOR, kind, detail));
    }

    private static Map<String, Object> stepDetail(String phase, String step, String host, String command) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("phase", phase);
        detail.put("step", step);
        detail.put("host", host);
        detail.put("command", command);
        return detail;
    }

    private static int intParameter(ScenarioRun run, String name, int fallback) {
        String value = run.parameters().get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String bounded(String text) {
        return text.length() <= TIMELINE_OUTPUT_CHARS ? text : text.substring(0, TIMELINE_OUTPUT_CHARS) + "…";
    }

    /** {@code 2 s}, or {@code 500 ms} below a second: a timeout as a person would state it. */
    private static String rounded(Duration d) {
        long millis = d.toMillis();
        return millis < 1000 ? millis + " ms" : Math.round(millis / 1000.0) + " s";
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String quote(String value) {
        return CommandParameterException.quote(value);
    }
}
