package io.alerthub.incident;

import io.alerthub.ingest.sns.SnsSubscription;
import io.alerthub.ingest.sns.SnsSubscriptionStore;
import io.alerthub.model.Incident;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.SilenceStore;
import io.alerthub.support.security.CustomerScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One gate for everything an operator reaches by id — an incident and its actions, an alert, a notification, a
 * silence, an SNS subscription, their console pages, a customer's console page: when the thing belongs to a customer
 * outside the caller's {@link CustomerScope}, the request is answered 404 exactly like an unknown id, before any
 * handler runs, so a new action under one of these paths is scoped without doing anything. Lists filter themselves.
 */
@Component
public class CustomerOwnedPaths implements HandlerInterceptor, WebMvcConfigurer {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerOwnedPaths.class);

    /** Paths whose {@code {id}} names something of one customer, what it is called in the 404, and its owner. */
    private record Owned(PathPattern pattern, String what, Function<String, Optional<String>> owner) {
    }

    private final CustomerScope scope;
    private final List<Owned> owned;

    public CustomerOwnedPaths(CustomerScope scope, IncidentStore incidents, AlertStore alerts, OutboxStore outbox,
                              SilenceStore silences, SnsSubscriptionStore subscriptions) {
        this.scope = scope;
        Function<String, Optional<String>> incidentOwner = id -> incidents.find(id).map(Incident::customerId);
        Function<String, Optional<String>> alertOwner = id -> alerts.find(id).map(a -> a.alert().customerId());
        Function<String, Optional<String>> notificationOwner = id -> outbox.find(id).map(OutboxEntry::customerId);
        Function<String, Optional<String>> silenceOwner = id -> Optional.ofNullable(silences.customerOf(id));
        Function<String, Optional<String>> subscriptionOwner =
                id -> subscriptions.find(id).map(SnsSubscription::customerId);
        this.owned = List.of(
                owned("/api/v1/incidents/{id}/**", "incident", incidentOwner),
                owned("/console/incidents/{id}/**", "incident", incidentOwner),
                owned("/api/v1/alerts/{id}/**", "alert", alertOwner),
                owned("/console/alerts/{id}/**", "alert", alertOwner),
                owned("/api/v1/notifications/{id}/**", "notification", notificationOwner),
                owned("/console/notifications/{id}/**", "notification", notificationOwner),
                owned("/api/v1/silences/{id}/**", "silence", silenceOwner),
                owned("/console/silences/{id}/**", "silence", silenceOwner),
                owned("/api/v1/sns/subscriptions/{id}/**", "sns subscription", subscriptionOwner),
                owned("/console/customers/{id}/**", "customer", Optional::of));
    }

    private static Owned owned(String pattern, String what, Function<String, Optional<String>> owner) {
        return new Owned(PathPatternParser.defaultInstance.parse(pattern), what, owner);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(owned.stream().map(o -> o.pattern().getPatternString()).toList());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // the path as Spring MVC matched it (matrix parameters and the context path already taken off)
        PathContainer path = (ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request)
                : ServletRequestPathUtils.parseAndCache(request)).pathWithinApplication();
        for (Owned o : owned) {
            PathPattern.PathMatchInfo match = o.pattern().matchAndExtract(path);
            if (match == null) {
                continue;
            }
            String id = match.getUriVariables().get("id");
            Optional<String> customer = o.owner().apply(id);
            if (customer.isPresent() && !scope.allows(customer.get())) {
                LOG.info("{} \"{}\" of customer \"{}\" is outside the caller's customers: answered 404", o.what(), id,
                        customer.get());
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, o.what() + " \"" + id + "\" not found");
            }
            return true;
        }
        return true;
    }
}
