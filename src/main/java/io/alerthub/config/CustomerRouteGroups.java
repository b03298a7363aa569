package io.alerthub.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The lifecycle of the routes the hub runs for one customer, written once for every stage that keeps them (the
 * mailbox and SQS routes of ingest, a customer's own routes.camel.yaml in the scenario stage): follow a section of
 * the customer's profile, put routes in service and check they started (else take them out again), and take them
 * out of service, never touching another customer's or the application's routes.
 */
@Component
public class CustomerRouteGroups {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerRouteGroups.class);
    private final CamelContext camel;
    private final CustomerRegistry customers;

    /** Adds routes to Camel (a templated route, route definitions); may throw whatever Camel throws. */
    @FunctionalInterface
    public interface RouteAdder {
        void add(Model model) throws Exception;
    }

    public CustomerRouteGroups(CamelContext camel, CustomerRegistry customers) {
        this.camel = camel;
        this.customers = customers;
    }

    /**
     * Follows one section of every customer's profile: {@code add} for each customer that has it now, and when a
     * customer's section changes, {@code remove} for the old one and {@code add} for the new one. Calls are made
     * while holding {@code lock}, so they never overlap with each other or with the caller's own synchronized work.
     */
    public <S> void follow(Object lock, Function<CustomerConfig, Optional<S>> section, BiConsumer<String, S> add,
                           Consumer<String> remove) {
        synchronized (lock) {
            customers.addListener(change -> {
                synchronized (lock) {
                    S before = change.previous() == null ? null : section.apply(change.previous()).orElse(null);
                    S after = change.current() == null ? null : section.apply(change.current()).orElse(null);
                    if (Objects.equals(before, after)) {
                        return;
                    }
                    if (before != null) {
                        remove.accept(change.customerId());
                    }
                    if (after != null) {
                        add.accept(change.customerId(), after);
                    }
                }
            });
            for (CustomerConfig customer : customers.all()) {
                section.apply(customer).ifPresent(s -> add.accept(customer.id(), s));
            }
        }
    }

    /**
     * Replaces a customer's routes: refuses ids another group or the application already uses, stops and removes
     * the running ones, adds the next ones and checks that every one set to start did start; when not, the next
     * routes are removed again.
     *
     * @param customerId the customer, for the log
     * @param group      the route group of the customer's routes, or null for the hub's own per-customer routes
     *                   (such as {@code ingest.mail.<customerId>}), which are matched by id only
     * @param running    ids of the routes in service now
     * @param next       ids of the routes {@code adder} adds
     * @return null when the next routes run, else why not (the customer then has none of these routes running)
     */
    public String replace(String customerId, @Nullable String group, Collection<String> running,
                          Collection<String> next, RouteAdder adder) {
        // an id used elsewhere would be replaced silently by Camel: refuse before stopping anything
        for (String id : next) {
            Route other = camel.getRoute(id);
            if (other != null && !running.contains(id) && (group == null || !group.equals(other.getGroup()))) {
                return "route id \"" + id + "\" is already used by " + (other.getGroup() == null
                        ? "the application" : "group \"" + other.getGroup() + "\"");
            }
        }
        remove(customerId, group, running);
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        try {
            adder.add(model);
            List<String> notStarted = new ArrayList<>();
            for (String id : next) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(id);
                RouteDefinition definition = model.getRouteDefinition(id);
                boolean manual = definition != null && "false".equals(definition.getAutoStartup());
                if (!manual && (status == null || !status.isStarted())) {
                    notStarted.add("\"" + id + "\" is " + (status == null ? "missing" : status.name().toLowerCase()));
                }
            }
            if (notStarted.isEmpty()) {
                return null;
            }
            remove(customerId, group, next);
            return "route " + String.join(", ", notStarted);
        } catch (Exception e) {
            remove(customerId, group, next);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return message.lines().findFirst().orElse(message).strip();
        }
    }

    /**
     * Stops and removes the given routes and, when {@code group} is set, every route of that group; a route of another
     * group is never touched, whatever the caller asked. Stopping waits for in-flight exchanges (Camel's shutdown
     * timeout), so a running scenario or a mail being stored finishes its step.
     */
    public void remove(String customerId, @Nullable String group, Collection<String> ids) {
        Set<String> remove = new TreeSet<>(ids);
        if (group != null) {
            camel.getRoutesByGroup(group).forEach(route -> remove.add(route.getRouteId()));
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : remove) {
            try {
                Route route = camel.getRoute(id);
                if (route != null && !Objects.equals(group, route.getGroup())) {
                    continue;
                }
                if (route != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                    LOG.info("customer \"{}\": route \"{}\" removed", customerId, id);
                }
                RouteDefinition definition = model.getRouteDefinition(id);
                if (definition != null && Objects.equals(group, definition.getGroup())) {
                    model.removeRouteDefinition(definition);
                }
            } catch (Exception e) {
                LOG.error("customer \"{}\": could not remove route \"{}\"", customerId, id, e);
            }
        }
    }
}
