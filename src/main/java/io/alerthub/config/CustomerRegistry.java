package io.alerthub.config;

import io.alerthub.support.security.CustomerDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The hub's customer profiles ({@code customers/<id>/customer.yaml}): all loaded at start (start-up fails with the
 * whole error list), then polled for changes so that an added, edited or removed customer takes effect without a
 * restart; a broken edit keeps that customer's last good profile and is reported in the log, the {@code customers}
 * health indicator and the {@code alerthub_customer_config_errors} gauge.
 */
@Component
public class CustomerRegistry implements SmartLifecycle, CustomerDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerRegistry.class);

    private final CustomerConfigLoader loader;
    private final Duration reloadInterval;
    private final ApplicationEventPublisher publisher;
    private final List<Consumer<CustomerConfigChanged>> listeners = new CopyOnWriteArrayList<>();

    /** What the last read of each folder left behind; guarded by {@code this}. */
    private final Map<String, Folder> folders = new TreeMap<>();
    /** Folders seen changed on the last poll, with the fingerprint seen then; guarded by {@code this}. */
    private final Map<String, String> pending = new TreeMap<>();
    /** The customers directory could not be listed on the last poll; guarded by {@code this}. */
    private ConfigError directoryError;

    // readers never lock: each poll publishes fresh immutable snapshots
    private volatile Map<String, CustomerConfig> configs = Map.of();
    private volatile Map<String, List<String>> errorsByFile = Map.of();
    private volatile List<String> errors = List.of();

    private ScheduledExecutorService scheduler;

    private record Folder(CustomerConfig good, List<ConfigError> errors, String fingerprint, List<Path> secretFiles) {
    }

    /**
     * Loads every customer; throws {@link CustomerConfigException} listing every problem if any file is invalid.
     *
     * @param publisher     where {@link CustomerConfigChanged} events go, or null
     * @param meterRegistry where the error gauge is registered, or null
     */
    public CustomerRegistry(CustomerRegistryProperties properties, Environment environment,
            @Nullable ApplicationEventPublisher publisher, @Nullable MeterRegistry meterRegistry) {
        this.loader = new CustomerConfigLoader(Path.of(properties.dir()), properties.dir(),
                new SecretResolver(environment));
        this.reloadInterval = properties.reloadInterval();
        this.publisher = publisher;
        List<ConfigError> found = new ArrayList<>();
        Map<String, CustomerConfigLoader.Result> results = loader.loadAll(found);
        if (!found.isEmpty()) {
            throw new CustomerConfigException(found.stream().map(ConfigError::toString).toList());
        }
        Map<String, CustomerConfig> loaded = new TreeMap<>();
        results.forEach((folder, result) -> {
            folders.put(folder, new Folder(result.config(), List.of(), result.fingerprint(), result.secretFiles()));
            loaded.put(folder, result.config());
        });
        configs = Collections.unmodifiableMap(loaded);
        LOG.info("loaded {} customer(s) from {}: {}", loaded.size(), properties.dir(), String.join(", ", loaded.keySet()));
        if (meterRegistry != null) {
            Gauge.builder("alerthub.customer.config.errors", this, registry -> registry.errors.size())
                    .description("problems in customer.yaml files not yet fixed (the customer keeps its last good profile)")
                    .strongReference(true)
                    .register(meterRegistry);
        }
    }

    /** The profile in service for {@code customerId}. */
    public Optional<CustomerConfig> find(String customerId) {
        return customerId == null ? Optional.empty() : Optional.ofNullable(configs.get(customerId));
    }

    /** Every profile in service, ordered by id. */
    public Collection<CustomerConfig> all() {
        return configs.values();
    }

    @Override
    public Set<String> customerIds() {
        return Set.copyOf(configs.keySet());
    }

    /** Problems found by the last reads that are not fixed yet, as {@code file[:line]: path: message}. */
    public List<String> currentErrors() {
        return errors;
    }

    /** {@link #currentErrors()} grouped by file (or directory), files in order. */
    public Map<String, List<String>> currentErrorsByFile() {
        return errorsByFile;
    }

    /** Subscribes to profiles put into service, edited or removed while running. */
    public void addListener(Consumer<CustomerConfigChanged> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<CustomerConfigChanged> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads every folder whose content (customer.yaml or a secret file it names) changed since the last read and has
     * stayed the same since the previous call; removes customers whose folder is gone.
     */
    public synchronized void reload() {
        List<String> present;
        try {
            present = loader.folders();
        } catch (IOException e) {
            // an unmounted or renamed directory must not take every customer out of service
            ConfigError error = loader.directoryError(e);
            if (!error.equals(directoryError)) {
                LOG.warn("customer config error: {} (keeping all {} customer(s) in service)", error, configs.size());
            }
            directoryError = error;
            publishErrors();
            return;
        }
        if (directoryError != null) {
            LOG.info("customers directory readable again");
            directoryError = null;
        }
        List<CustomerConfigChanged> changes = new ArrayList<>();
        Map<String, CustomerConfig> next = new TreeMap<>(configs);
        for (String gone : new ArrayList<>(folders.keySet())) {
            if (!present.contains(gone)) {
                Folder old = folders.remove(gone);
                if (next.remove(gone) != null) {
                    LOG.info("customer \"{}\" removed (its folder is gone)", gone);
                    changes.add(new CustomerConfigChanged(gone, old.good(), null));
                }
            }
        }
        pending.keySet().retainAll(present);
        for (String folder : present) {
            Folder old = folders.get(folder);
            String now = loader.fingerprint(folder, old == null ? List.of() : old.secretFiles());
            if (old != null && old.fingerprint().equals(now)) {
                pending.remove(folder);
            } else if (now.equals(pending.get(folder))) {
                // unchanged since the last poll: the writer is done, so a half-written file is never read
                pending.remove(folder);
                read(folder, next, changes);
            } else {
                pending.put(folder, now);
            }
        }
        if (!changes.isEmpty()) {
            // a check across files (a shared secret) may have been fixed by another customer's change
            for (String folder : present) {
                if (!folders.get(folder).errors().isEmpty()) {
                    read(folder, next, changes);
                }
            }
        }
        configs = Collections.unmodifiableMap(next);
        publishErrors();
        changes.forEach(this::notifyListeners);
    }

    private void read(String folder, Map<String, CustomerConfig> next, List<CustomerConfigChanged> changes) {
        Map<String, CustomerConfig> others = new TreeMap<>(next);
        others.remove(folder);
        CustomerConfigLoader.Result result = loader.load(folder, others.values());
        Folder old = folders.get(folder);
        CustomerConfig previous = old == null ? null : old.good();
        if (result.ok()) {
            folders.put(folder, new Folder(result.config(), List.of(), result.fingerprint(), result.secretFiles()));
            next.put(folder, result.config());
            if (!result.config().equals(previous)) {
                LOG.info("customer \"{}\" {}", folder, previous == null ? "added" : "updated");
                changes.add(new CustomerConfigChanged(folder, previous, result.config()));
            }
            return;
        }
        folders.put(folder, new Folder(previous, result.errors(), result.fingerprint(), result.secretFiles()));
        if (old == null || !old.errors().equals(result.errors())) {
            result.errors().forEach(error -> LOG.warn("customer config error: {}", error));
            LOG.warn("customer \"{}\": {}", folder, previous == null
                    ? "not in service until its file is fixed" : "keeping its last good profile");
        }
    }

    private void publishErrors() {
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        if (directoryError != null) {
            byFile.put(directoryError.file(), List.of(directoryError.toString()));
        }
        folders.values().forEach(folder -> folder.errors().forEach(error ->
                byFile.computeIfAbsent(error.file(), f -> new ArrayList<>()).add(error.toString())));
        byFile.replaceAll((file, list) -> List.copyOf(list));
        errorsByFile = Collections.unmodifiableMap(byFile);
        errors = byFile.values().stream().flatMap(List::stream).toList();
    }

    private void notifyListeners(CustomerConfigChanged change) {
        for (Consumer<CustomerConfigChanged> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("customer change listener failed for customer \"{}\"", change.customerId(), e);
            }
        }
        if (publisher != null) {
            publisher.publishEvent(change);
        }
    }

    private void pollSafely() {
        try {
            reload();
        } catch (RuntimeException e) {
            // an unexpected failure must not cancel the schedule: the next poll tries again
            LOG.error("customer reload failed", e);
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || reloadInterval.isZero() || reloadInterval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "customer-registry-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = reloadInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
