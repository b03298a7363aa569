package io.alerthub.console;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.support.security.CustomerScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The console's view of {@link CustomerScope}: which customers a page may show for the current operator and an
 * optional {@code customer} filter. A customer outside the operator's scope is treated like one that does not exist,
 * so a filter naming it shows nothing and a page of its data answers 404.
 */
@Component
public class ConsoleScope {
    private final CustomerScope scope;
    private final CustomerRegistry customers;

    public ConsoleScope(CustomerScope scope, CustomerRegistry customers) {
        this.scope = scope;
        this.customers = customers;
    }

    /**
     * The customers to list for a {@code requested} filter (null or blank: no filter): null means every customer,
     * an empty set none (the filter names a customer outside the scope).
     */
    public Set<String> customersFor(String requested) {
        Optional<Set<String>> limited = scope.limitedTo();
        if (requested != null && !requested.isBlank()) {
            return scope.allows(requested) ? Set.of(requested) : Set.of();
        }
        return limited.map(Set::copyOf).orElse(null);
    }

    /** Whether the current operator may see the customer's data. */
    public boolean allows(String customerId) {
        return customerId != null && scope.allows(customerId);
    }

    /** The customer profiles the current operator may see, ordered by id. */
    public List<CustomerConfig> visibleCustomers() {
        return customers.all().stream().filter(c -> scope.allows(c.id())).toList();
    }

    /**
     * Lists through a store that filters by one customer at a time: once for every customer in scope (or once
     * unfiltered), merged by {@code order}, cut to {@code limit}, and checked against the scope once more.
     */
    public <T> List<T> list(String requested, Function<String, List<T>> byCustomer, Function<T, String> customerOf,
                            Comparator<T> order, int limit) {
        Set<String> ids = customersFor(requested);
        List<T> all = new ArrayList<>();
        if (ids == null) {
            all.addAll(byCustomer.apply(null));
        } else {
            ids.stream().sorted().forEach(id -> all.addAll(byCustomer.apply(id)));
        }
        return all.stream().filter(item -> allows(customerOf.apply(item))).sorted(order).limit(limit).toList();
    }
}
