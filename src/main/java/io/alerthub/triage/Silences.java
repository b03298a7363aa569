package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.HolidayCalendar;
import io.alerthub.config.MuteTimeIntervalConfig;
import io.alerthub.config.SilenceConfig;
import io.alerthub.config.TimeInterval;
import io.alerthub.model.Incident;
import io.alerthub.store.AlertStore;
import io.alerthub.store.SilenceStore;
import io.alerthub.support.Globs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Silences and maintenance windows of a customer, from customer.yaml and the API, and its recurring maintenance
 * windows ({@code muteTimeIntervals}): which one, if any, covers an incident at a moment. Hosts match by id or glob,
 * ignoring case; an empty list matches everything; matchers read the alert's fields ({@code alertClass},
 * {@code host}, {@code severity}, {@code name}) and its labels, which are read from the incident's latest alert only
 * when a matcher in force needs one.
 */
@Component
public class Silences {
    /** How far ahead the end of a recurring window is looked for (a longer one is reported as ending then). */
    static final Duration HORIZON = Duration.ofDays(8);
    private final CustomerRegistry customers;
    private final SilenceStore store;
    private final AlertStore alerts;

    public Silences(CustomerRegistry customers, SilenceStore store, AlertStore alerts) {
        this.customers = customers;
        this.store = store;
        this.alerts = alerts;
    }

    /** Every silence of a customer (or of all customers) not over yet: configured ones first, then the API's. */
    public List<SilenceConfig> current(String customerId, Instant now) {
        List<SilenceConfig> all = new ArrayList<>();
        Collection<CustomerConfig> scope = customerId == null ? customers.all()
                : customers.find(customerId).map(List::of).orElse(List.of());
        for (CustomerConfig c : scope) {
            for (int i = 0; i < c.silences().size(); i++) {
                SilenceConfig s = c.silences().get(i);
                if (s.endsAt().toInstant().isAfter(now)) {
                    all.add(s.id() != null ? s : new SilenceConfig("customers/" + c.id() + "/customer.yaml silences["
                            + i + "]", s.hosts(), s.alertClasses(), s.startsAt(), s.endsAt(), s.comment(),
                            s.matchers()));
                }
            }
        }
        all.addAll(store.current(customerId, now));
        return all;
    }

    /**
     * The silence, or the recurring maintenance window (as a silence until the window ends), in force for
     * {@code incident} at {@code now}, if any.
     */
    public Optional<SilenceConfig> matching(Incident incident, Instant now) {
        Supplier<Map<String, String>> values = new Supplier<>() {
            private Map<String, String> read;

            @Override
            public Map<String, String> get() {
                if (read == null) {
                    read = values(incident.alertClass(), incident.host(), incident.severity() == null ? null
                            : incident.severity().json(), incident.name(), alerts.latestForIncident(incident.id())
                            .map(a -> a.alert().labels()).orElse(Map.of()));
                }
                return read;
            }
        };
        Optional<SilenceConfig> silence = matching(current(incident.customerId(), now), incident.host(),
                incident.alertClass(), values, now);
        if (silence.isPresent()) {
            return silence;
        }
        return customers.find(incident.customerId())
                .flatMap(c -> muted(c, incident.host(), incident.alertClass(), values, now));
    }

    /** The first of {@code silences} in force for an incident of {@code alertClass} on {@code host} at {@code now}. */
    public static Optional<SilenceConfig> matching(List<SilenceConfig> silences, String host, String alertClass,
            Supplier<Map<String, String>> values, Instant now) {
        return silences.stream()
                .filter(s -> s.endsAt().toInstant().isAfter(now))
                .filter(s -> !s.startsAt().toInstant().isAfter(now))
                .filter(s -> covers(s.hosts(), s.alertClasses(), host, alertClass))
                .filter(s -> s.matchers().isEmpty() || s.matchersMatch(values.get()))
                .findFirst();
    }

    /**
     * The customer's first recurring maintenance window that covers an incident of {@code alertClass} on
     * {@code host} at {@code now}, as a silence named after it that lasts until the window ends.
     */
    public static Optional<SilenceConfig> muted(CustomerConfig customer, String host, String alertClass,
            Supplier<Map<String, String>> values, Instant now) {
        for (int i = 0; i < customer.muteTimeIntervals().size(); i++) {
            MuteTimeIntervalConfig mute = customer.muteTimeIntervals().get(i);
            if (!covers(mute.hosts(), mute.alertClasses(), host, alertClass)) {
                continue;
            }
            List<TimeInterval> intervals = mute.intervals().stream()
                    .map(t -> TimeInterval.of(t, customer.timeZone(), HolidayCalendar::of)).toList();
            Optional<Instant> end = TimeInterval.windowEnd(intervals, now, HORIZON);
            if (end.isPresent() && (mute.matchers().isEmpty() || mute.matchersMatch(values.get()))) {
                return Optional.of(new SilenceConfig("customers/" + customer.id() + "/customer.yaml muteTimeIntervals["
                        + i + "] \"" + mute.name() + "\"", mute.hosts(), mute.alertClasses(),
                        now.atOffset(ZoneOffset.UTC), end.get().atOffset(ZoneOffset.UTC), mute.comment(),
                        mute.matchers()));
            }
        }
        return Optional.empty();
    }

    /** What matchers read: the alert's labels, under its fields (a field wins over a label of the same name). */
    public static Map<String, String> values(String alertClass, String host, String severity, String name,
                                             Map<String, String> labels) {
        Map<String, String> values = new HashMap<>(labels);
        values.put("alertClass", alertClass == null ? "" : alertClass);
        values.put("host", host == null ? "" : host);
        values.put("severity", severity == null ? "" : severity);
        values.put("name", name == null ? "" : name);
        return values;
    }

    private static boolean covers(List<String> hosts, List<String> alertClasses, String host, String alertClass) {
        return (hosts.isEmpty() || hosts.stream().anyMatch(g -> Globs.matches(g, host)))
                && (alertClasses.isEmpty() || alertClasses.contains(alertClass));
    }
}
