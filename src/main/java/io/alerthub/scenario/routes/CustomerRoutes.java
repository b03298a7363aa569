package io.alerthub.scenario.routes;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerConfigChanged;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.CustomerRouteGroups;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Scenario stage: runs each customer's {@code customers/<id>/routes.camel.yaml} as Camel routes in a route group named
 * after the customer, and tells the scenario dispatcher which templates each customer bound ({@link #bindings}).
 * Files are read once Camel has started and then polled for changes (content hashes, every
 * {@code alerthub.customers.reload-interval}, and at once when the customer registry announces a change); a changed
 * file replaces the customer's routes as a whole, and any failure (file check, Camel DSL error, a route that does not
 * start) puts the last good routes back and is reported in the log, {@link #problems()}, the {@code customerRoutes}
 * health contributor and the {@code alerthub.customer.routes.errors} gauge. Other customers keep running throughout.
 */
@Component
public class CustomerRoutes implements CamelContextConfiguration, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerRoutes.class);
    private static final String ABSENT = "absent";
    private static final String UNREADABLE = "unreadable";
    /** routes/errors/scenario-errors.camel.yaml. */
    private static final String ERROR_POLICY = "scenario-errors";

    private final CamelContext camel;
    private final CustomerRegistry registry;
    private final CustomerRouteGroups groups;
    private final Path dir;
    private final String displayDir;
    private final Duration reloadInterval;
    private final boolean allowCustomRoutes;
    private final MeterRegistry meters;

    /** What is in service per customer; guarded by {@code this}, published as {@link #snapshot}. */
    private final Map<String, Loaded> loaded = new TreeMap<>();
    /** Hashes seen changed on the last poll: a file is read once it has stayed the same for one poll. */
    private final Map<String, String> pending = new TreeMap<>();
    private final Map<String, Gauge> gauges = new TreeMap<>();

    private volatile Map<String, Loaded> snapshot = Map.of();
    private volatile ScheduledExecutorService scheduler;
    private boolean closed;

    /**
     * One customer's state.
     *
     * @param seenHash    hash of the content last acted on (applied or refused), or {@code absent}
     * @param goodContent the content whose routes run, null when none
     * @param bindings    the bindings of the running content
     * @param routeIds    ids of the running routes
     * @param problems    why the last content is not running, empty when it is
     */
    private record Loaded(String seenHash, byte[] goodContent, List<ScenarioBinding> bindings, List<String> routeIds,
            List<String> problems) {
    }

    public CustomerRoutes(CamelContext camel, CustomerRegistry registry, CustomerRouteGroups groups,
            CustomerRegistryProperties properties, CustomerRoutesProperties routesProperties,
            @Nullable MeterRegistry meters) {
        this.camel = camel;
        this.groups = groups;
        this.allowCustomRoutes = routesProperties.allowCustomRoutes();
        this.registry = registry;
        this.dir = Path.of(properties.dir());
        this.displayDir = properties.dir().endsWith("/")
                ? properties.dir().substring(0, properties.dir().length() - 1) : properties.dir();
        this.reloadInterval = properties.reloadInterval();
        this.meters = meters;
        if (meters != null) {
            Gauge.builder("alerthub.customer.routes.errors", this, routes -> routes.problems().size())
                    .description("customers whose routes.camel.yaml is refused (their last good routes keep running)")
                    .strongReference(true)
                    .register(meters);
        }
    }

    /** The scenario bindings of a customer's running routes file, in file order; empty for an unknown customer. */
    public List<ScenarioBinding> bindings(String customerId) {
        Loaded state = customerId == null ? null : snapshot.get(customerId);
        return state == null ? List.of() : state.bindings();
    }

    /** Customer id to why its current routes file is not running (one line per problem); empty when all run. */
    public Map<String, String> problems() {
        Map<String, String> problems = new TreeMap<>();
        snapshot.forEach((customer, state) -> {
            if (!state.problems().isEmpty()) {
                problems.put(customer, String.join("\n", state.problems()));
            }
        });
        return Collections.unmodifiableMap(problems);
    }

    /** Every customer with a routes file in service, and its running route ids. */
    public Map<String, List<String>> routeIds() {
        Map<String, List<String>> ids = new TreeMap<>();
        snapshot.forEach((customer, state) -> ids.put(customer, state.routeIds()));
        return Collections.unmodifiableMap(ids);
    }

    @EventListener
    void onCustomerChanged(CustomerConfigChanged change) {
        // the registry's poll thread announces it: read on our own thread, soon, not inside its poll
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            try {
                running.execute(this::pollSafely);
            } catch (RejectedExecutionException e) {
                LOG.debug("customer routes reload not scheduled: shutting down");
            }
        }
    }

    // ---- reading and swapping

    /**
     * Compares every customer's file with what was last acted on and swaps the routes of those that changed.
     *
     * @param debounce read a changed file only once it has stayed the same since the previous scan
     */
    synchronized void scan(boolean debounce) {
        Set<String> customers = new TreeSet<>();
        registry.all().stream().map(CustomerConfig::id).forEach(customers::add);
        for (String gone : new ArrayList<>(loaded.keySet())) {
            if (!customers.contains(gone)) {
                LOG.info("customer \"{}\" removed: removing its routes", gone);
                // bindings go first, so the dispatcher stops choosing routes that are about to stop
                Loaded state = loaded.remove(gone);
                pending.remove(gone);
                publish();
                removeGroup(gone, state.routeIds());
            }
        }
        for (String customer : customers) {
            if (!Files.isDirectory(dir.resolve(customer))) {
                // the folder (or the whole directory, e.g. unmounted) is gone but the registry still serves the
                // customer: keep its routes like the registry keeps its profile; they go when the customer does
                continue;
            }
            byte[] content;
            try {
                content = read(customer);
            } catch (IOException e) {
                refuse(customer, UNREADABLE, List.of(file(customer) + ": cannot read: " + e.getMessage()));
                continue;
            }
            String hash = hash(content);
            Loaded state = loaded.get(customer);
            if (state != null && state.seenHash().equals(hash)) {
                pending.remove(customer);
                continue;
            }
            // a customer seen for the first time is read at once: the registry already waited for its folder to settle
            if (debounce && state != null && !hash.equals(pending.get(customer))) {
                pending.put(customer, hash);
                continue;
            }
            pending.remove(customer);
            apply(customer, content, hash);
            publish();
        }
        publish();
    }

    private void apply(String customer, byte[] content, String hash) {
        Loaded state = loaded.get(customer);
        List<String> running = state == null ? List.of() : state.routeIds();
        if (content == null) {
            if (!running.isEmpty()) {
                LOG.info("customer \"{}\": {} deleted, removing its {} route(s)", customer, file(customer),
                        running.size());
            }
            loaded.put(customer, new Loaded(hash, null, List.of(), List.of(), List.of()));
            publish();
            removeGroup(customer, running);
            return;
        }
        CustomerRoutesFile.Result next = CustomerRoutesFile.read(camel, customer, file(customer), content,
                allowCustomRoutes);
        if (!next.ok()) {
            refuse(customer, hash, next.errors());
            return;
        }
        String failure = swap(customer, running, next);
        if (failure == null) {
            LOG.info("customer \"{}\": {} route(s) running from {} ({} scenario binding(s))", customer,
                    next.routeIds().size(), file(customer), next.bindings().size());
            loaded.put(customer, new Loaded(hash, content, next.bindings(), next.routeIds(), List.of()));
            return;
        }
        // roll back: the last good content was accepted before, and templates do not change while running
        List<String> problems = new ArrayList<>(List.of(file(customer) + ": routes did not start, "
                + (state == null || state.goodContent() == null ? "no earlier routes to keep" : "kept the last good routes")
                + ": " + failure));
        boolean restored = false;
        List<String> restoredIds = List.of();
        if (state != null && state.goodContent() != null) {
            CustomerRoutesFile.Result good = CustomerRoutesFile.read(camel, customer, file(customer),
                    state.goodContent(), allowCustomRoutes);
            String again = good.ok() ? swap(customer, next.routeIds(), good) : String.join("; ", good.errors());
            if (again == null) {
                restored = true;
                restoredIds = good.routeIds();
            } else {
                problems.add(file(customer) + ": the last good routes did not start again either: " + again);
                LOG.error("customer \"{}\": the last good routes did not start again: {}", customer, again);
            }
        }
        problems.forEach(problem -> LOG.warn("customer routes error: {}", problem));
        loaded.put(customer, restored
                ? new Loaded(hash, state.goodContent(), state.bindings(), restoredIds, List.copyOf(problems))
                : new Loaded(hash, null, List.of(), List.of(), List.copyOf(problems)));
    }

    private void refuse(String customer, String hash, List<String> problems) {
        Loaded state = loaded.get(customer);
        if (state == null || !state.problems().equals(problems)) {
            problems.forEach(problem -> LOG.warn("customer routes error: {}", problem));
            LOG.warn("customer \"{}\": {}", customer, state == null || state.routeIds().isEmpty()
                    ? "no routes running until " + file(customer) + " is fixed" : "keeping its last good routes");
        }
        loaded.put(customer, state == null
                ? new Loaded(hash, null, List.of(), List.of(), List.copyOf(problems))
                : new Loaded(hash, state.goodContent(), state.bindings(), state.routeIds(), List.copyOf(problems)));
    }

    /** Replaces the customer's running routes by the file's (shared lifecycle: {@link CustomerRouteGroups}). */
    private String swap(String customer, List<String> running, CustomerRoutesFile.Result next) {
        return groups.replace(customer, customer, running, next.routeIds(), model -> {
            // a customer's own route consumes one of its scenario endpoints: the stage's error policy applies to it
            // as to every template (a step that throws escalates the incident)
            if (model.getRouteConfigurationDefinition(ERROR_POLICY) != null) {
                next.routes().stream().filter(route -> route.getRouteConfigurationId() == null)
                        .forEach(route -> route.setRouteConfigurationId(ERROR_POLICY));
            }
            model.addRouteDefinitions(next.routes());
            for (TemplatedRouteDefinition templated : next.templatedRoutes()) {
                model.addRouteFromTemplatedRoute(templated);
            }
        });
    }

    private void removeGroup(String customer, List<String> ids) {
        groups.remove(customer, customer, ids);
    }

    private void publish() {
        snapshot = Collections.unmodifiableMap(new TreeMap<>(loaded));
        if (meters == null) {
            return;
        }
        for (String customer : loaded.keySet()) {
            gauges.computeIfAbsent(customer, id -> Gauge.builder("alerthub.customer.routes.bindings", this,
                            routes -> routes.bindings(id).size())
                    .description("scenario bindings running from the customer's routes.camel.yaml")
                    .tag("customer", id)
                    .strongReference(true)
                    .register(meters));
        }
        for (String gone : new ArrayList<>(gauges.keySet())) {
            if (!loaded.containsKey(gone)) {
                meters.remove(gauges.remove(gone));
            }
        }
    }

    private byte[] read(String customer) throws IOException {
        Path path = dir.resolve(customer).resolve(CustomerRoutesFile.FILE_NAME);
        try {
            if (Files.size(path) > CustomerRoutesFile.MAX_BYTES) {
                // let the file check report the size without reading a huge file into memory
                return new byte[CustomerRoutesFile.MAX_BYTES + 1];
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private String file(String customer) {
        return displayDir + "/" + customer + "/" + CustomerRoutesFile.FILE_NAME;
    }

    private static String hash(byte[] content) {
        if (content == null) {
            return ABSENT;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    // ---- lifecycle: the first read needs a started Camel (templates and application routes loaded), polling follows

    private void pollSafely() {
        try {
            scan(true);
        } catch (RuntimeException e) {
            // an unexpected failure must not cancel the schedule: the next poll tries again
            LOG.error("customer routes reload failed", e);
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    /**
     * Called by camel-spring-boot once Camel has started with the routes of {@code routes-include-pattern}. (Not a
     * SmartLifecycle: Spring would start the CamelContext it depends on early, before those routes are loaded.)
     */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        try {
            scan(false);
        } catch (RuntimeException e) {
            // one customer's routes must never stop the hub from starting
            LOG.error("customer routes could not be loaded at start-up", e);
        }
        synchronized (this) {
            if (closed || scheduler != null) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "customer-routes-reload");
                thread.setDaemon(true);
                return thread;
            });
            if (!reloadInterval.isZero() && !reloadInterval.isNegative()) {
                long millis = reloadInterval.toMillis();
                scheduler.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }
}
