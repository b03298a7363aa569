package io.alerthub.scenario;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.HostConfig;
import io.alerthub.model.Incident;
import io.alerthub.model.Outcome;
import io.alerthub.store.StoredAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One scenario working on one incident: what it works on (incident, latest alert, customer, host, the binding's
 * parameters), what it has learned so far ("checked / found / left for you"), and, once known, its verdict. The
 * body of the exchange that runs through a scenario route; the template's step beans read and write it.
 */
public final class ScenarioRun {
    private final Incident incident;
    private final StoredAlert alert;
    private final CustomerConfig customer;
    private final HostConfig host;
    private final String template;
    private final String scenarioId;
    private final Map<String, String> parameters;
    private final boolean dryRun;
    private final Instant started;
    private final List<String> checked = new ArrayList<>();
    private final List<String> found = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private Outcome outcome;
    private String reason;
    private boolean remediated;
    private boolean remediationWanted;
    private boolean detached;

    ScenarioRun(Incident incident, StoredAlert alert, CustomerConfig customer, HostConfig host, String template,
                String scenarioId, Map<String, String> parameters, boolean dryRun, Instant started) {
        this.incident = incident;
        this.alert = alert;
        this.customer = customer;
        this.host = host;
        this.template = template;
        this.scenarioId = scenarioId;
        this.parameters = Map.copyOf(parameters);
        this.dryRun = dryRun;
        this.started = started;
    }

    /**
     * A run that never runs: for the operator's {@code dry-run}, which reads a binding's parameters and the commands
     * it would send (library {@code ScenarioPlans}) without an incident in the database or a host touched.
     */
    public static ScenarioRun preview(Incident incident, StoredAlert alert, CustomerConfig customer, HostConfig host,
            String template, String scenarioId, Map<String, String> parameters) {
        return new ScenarioRun(incident, alert, customer, host, template, scenarioId, parameters, true,
                incident.firstSeen());
    }

    public Incident incident() {
        return incident;
    }

    /** The incident's latest alert (labels and annotations some templates read), if it has one. */
    public Optional<StoredAlert> alert() {
        return Optional.ofNullable(alert);
    }

    public CustomerConfig customer() {
        return customer;
    }

    /** The customer host the incident is about, when customer.yaml lists it. */
    public Optional<HostConfig> host() {
        return Optional.ofNullable(host);
    }

    /** The template's id, e.g. {@code disk_usage}. */
    public String template() {
        return template;
    }

    /** The binding's route id, e.g. {@code demo.disk}. */
    public String scenarioId() {
        return scenarioId;
    }

    /** The binding's template parameters, defaults filled in. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** True when remediations are only recorded as "would run" (hub, customer or binding dry-run). */
    public boolean dryRun() {
        return dryRun;
    }

    public Instant started() {
        return started;
    }

    /** The locale the customer reads ({@code en} or {@code ja}): every text the run records is in it. */
    public String locale() {
        return ScenarioTexts.locale(customer);
    }

    /**
     * The text {@code key} of {@code scenario/messages_<locale>.properties} in the customer's locale, filled from
     * name/value pairs: what templates pass to {@link #checked}, {@link #found}, {@link #leftForYou} and the verdicts.
     */
    public String text(String key, Object... namesAndValues) {
        return ScenarioTexts.text(locale(), key, namesAndValues);
    }

    /** A label of the incident's latest alert, if present and not blank. */
    public Optional<String> label(String name) {
        return alert().map(a -> a.alert().labels().get(name)).filter(v -> !v.isBlank());
    }

    /**
     * The binding's parameters read into the template's typed record, once per run; a value that does not fit
     * escalates the run with the binding and the problem named, and empty comes back.
     */
    public <P> Optional<P> params(Function<ParamValues, P> reader) {
        P cached = fact("params");
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            P read = reader.apply(new ParamValues(parameters));
            fact("params", read);
            return Optional.of(read);
        } catch (IllegalArgumentException e) {
            escalate(text("run.binding-invalid", "scenario", scenarioId, "customer", customer.id(),
                    "error", e.getMessage()));
            return Optional.empty();
        }
    }

    // ---- what the scenario learned -------------------------------------------------------------------------

    /** Notes something the scenario looked at ("disk usage of /"). */
    public void checked(String what) {
        checked.add(what);
    }

    /** Notes something it found ("/ is 93 % full (threshold 90 %)"). */
    public void found(String what) {
        found.add(what);
    }

    /** Notes something a person still has to do ("/var/lib/mysql is large and not allow-listed for cleaning"). */
    public void leftForYou(String what) {
        left.add(what);
    }

    /** A value a later step of the same run needs (e.g. the usage before cleaning). */
    public void fact(String key, Object value) {
        facts.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T fact(String key) {
        return (T) facts.get(key);
    }

    public List<String> checkedList() {
        return Collections.unmodifiableList(checked);
    }

    public List<String> foundList() {
        return Collections.unmodifiableList(found);
    }

    public List<String> leftList() {
        return Collections.unmodifiableList(left);
    }

    /** Marks a run that does not own its incident: it runs nothing and records nothing. */
    void detach() {
        detached = true;
        decide(Outcome.ESCALATED, text("run.not-claimed"));
    }

    boolean detached() {
        return detached;
    }

    // ---- the verdict ----------------------------------------------------------------------------------------

    /** True until a verdict is reached: the route runs the next phase only while the run is open. */
    public boolean isOpen() {
        return outcome == null;
    }

    /** True when the check found something the template may fix and remediation should be tried. */
    public boolean isRemediationWanted() {
        return isOpen() && remediationWanted;
    }

    public void wantRemediation() {
        remediationWanted = true;
    }

    /** True once a remediation ran for real (not dry-run), so the verify phase decides RESOLVED or not. */
    public boolean remediated() {
        return remediated;
    }

    void markRemediated() {
        remediated = true;
    }

    /** Ends the run: remediated and verified. */
    public void resolve(String why) {
        decide(Outcome.RESOLVED, why);
    }

    /** Ends the run: partly automated, a person takes it from here with what was gathered. */
    public void handOver(String why) {
        decide(Outcome.HANDED_OVER, why);
    }

    /** Ends the run: nothing safe to do, or something failed; a person takes it now. */
    public void escalate(String why) {
        decide(Outcome.ESCALATED, why);
    }

    private void decide(Outcome verdict, String why) {
        if (outcome == null) {
            outcome = verdict;
            reason = why;
        }
    }

    /** The verdict, or null while open. */
    public Outcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    /** The readable "checked / found / left for you" summary a person reads first. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        if (reason != null) {
            text.append(reason).append('\n');
        }
        section(text, text("summary.checked"), checked);
        section(text, text("summary.found"), found);
        section(text, text("summary.left"), left);
        return text.toString().strip();
    }

    private static void section(StringBuilder text, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            text.append(title).append(":\n");
            lines.forEach(line -> text.append("- ").append(line).append('\n'));
        }
    }
}
