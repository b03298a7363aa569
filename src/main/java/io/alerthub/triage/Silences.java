package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.SilenceConfig;
import io.alerthub.store.SilenceStore;
import java.time.Instant;
import io.alerthub.support.Globs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Silences and maintenance windows of a customer, from customer.yaml and the API: which one, if any, covers an
 * incident on a host and alert class at a moment. Hosts match by id or glob, ignoring case; an empty list matches
 * everything.
 */
@Component
public class Silences {
    private final CustomerRegistry customers;
    private final SilenceStore store;

    public Silences(CustomerRegistry customers, SilenceStore store) {
        this.customers = customers;
        this.store = store;
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
                            + i + "]", s.hosts(), s.alertClasses(), s.startsAt(), s.endsAt(), s.comment()));
                }
            }
        }
        all.addAll(store.current(customerId, now));
        return all;
    }

    /** The silence in force for an incident of {@code alertClass} on {@code host} at {@code now}, if any. */
    public Optional<SilenceConfig> matching(String customerId, String host, String alertClass, Instant now) {
        return matching(current(customerId, now), host, alertClass, now);
    }

    /** The first of {@code silences} in force for an incident of {@code alertClass} on {@code host} at {@code now}. */
    public static Optional<SilenceConfig> matching(List<SilenceConfig> silences, String host, String alertClass,
            Instant now) {
        return silences.stream()
                .filter(s -> s.endsAt().toInstant().isAfter(now))
                .filter(s -> !s.startsAt().toInstant().isAfter(now))
                .filter(s -> s.hosts().isEmpty() || s.hosts().stream().anyMatch(g -> Globs.matches(g, host)))
                .filter(s -> s.alertClasses().isEmpty() || s.alertClasses().contains(alertClass))
                .findFirst();
    }
}
