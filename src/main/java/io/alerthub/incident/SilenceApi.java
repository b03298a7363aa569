package io.alerthub.incident;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.SilenceConfig;
import io.alerthub.model.FieldProblem;
import io.alerthub.store.SilenceStore;
import io.alerthub.support.Ids;
import io.alerthub.support.security.CustomerScope;
import io.alerthub.triage.Silences;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Silences and maintenance windows at runtime ({@code /api/v1/silences}): list those not over yet (from
 * customer.yaml and the API), add one, end one early. Behind login; writing needs the operator role. Only the caller's
 * customers are listed or may get a silence; another customer's silence answers 404 ({@link CustomerOwnedPaths}).
 */
@RestController
@RequestMapping("/api/v1/silences")
public class SilenceApi {
    private static final Logger LOG = LoggerFactory.getLogger(SilenceApi.class);
    static final int MAX_MATCHERS = 20;
    static final int MAX_MATCHER_CHARS = 4000;
    private final Silences silences;
    private final SilenceStore store;
    private final CustomerRegistry customers;
    private final Clock clock;
    private final CustomerScope scope;

    public SilenceApi(Silences silences, SilenceStore store, CustomerRegistry customers, Clock clock,
                      CustomerScope scope) {
        this.silences = silences;
        this.store = store;
        this.customers = customers;
        this.clock = clock;
        this.scope = scope;
    }

    /**
     * What a new silence says: whose, which hosts and alert classes (empty: all), which alerts by matchers over their
     * fields and labels (empty: all), from when to when, why.
     */
    public record NewSilence(String customerId, List<String> hosts, List<String> alertClasses,
                             OffsetDateTime startsAt, OffsetDateTime endsAt, String comment, List<String> matchers) {
    }

    @GetMapping
    public List<SilenceConfig> list(@RequestParam(required = false) String customer) {
        Instant now = clock.instant();
        Set<String> within = scope.within();
        if (customer != null) {
            return scope.allows(customer) ? silences.current(customer, now) : List.of();
        }
        if (within == null) {
            return silences.current(null, now);
        }
        return new TreeSet<>(within).stream().flatMap(id -> silences.current(id, now).stream()).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public SilenceConfig create(@RequestBody NewSilence body, Principal principal) {
        Instant now = clock.instant();
        // another customer's id gets the answer an unknown one gets: ids are not confirmed
        if (body.customerId() == null || customers.find(body.customerId()).isEmpty()
                || !scope.allows(body.customerId())) {
            throw bad("customerId: unknown customer \"" + body.customerId() + "\"");
        }
        if (body.endsAt() == null) {
            throw bad("endsAt: is required");
        }
        OffsetDateTime starts = body.startsAt() == null ? now.atOffset(body.endsAt().getOffset()) : body.startsAt();
        if (!body.endsAt().isAfter(starts) || !body.endsAt().toInstant().isAfter(now)) {
            throw bad("endsAt: \"" + body.endsAt() + "\" must be after startsAt and in the future");
        }
        List<String> matchers = body.matchers() == null ? List.of() : body.matchers();
        List<String> problems = new ArrayList<>();
        if (matchers.size() > MAX_MATCHERS || String.join("\n", matchers).length() > MAX_MATCHER_CHARS) {
            problems.add("matchers: at most " + MAX_MATCHERS + " matchers of " + MAX_MATCHER_CHARS
                    + " characters in all");
        }
        SilenceConfig.checkMatchers("matchers", matchers, (path, problem) -> problems.add(path + ": " + problem));
        if (!problems.isEmpty()) {
            throw bad(String.join("; ", problems));
        }
        SilenceConfig silence = new SilenceConfig(Ids.next(), body.hosts(), body.alertClasses(), starts, body.endsAt(),
                body.comment(), matchers);
        store.insert(body.customerId(), silence, principal.getName(), now);
        LOG.info("{} added silence {} of customer {} (hosts {}, alert classes {}, matchers {}) until {}",
                principal.getName(), silence.id(), body.customerId(), silence.hosts(), silence.alertClasses(),
                silence.matchers(), silence.endsAt());
        return silence;
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void expire(@PathVariable String id, Principal principal) {
        String customerId = store.customerOf(id);
        if (!store.expire(id, clock.instant())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "silence \"" + id + "\" not found or already over"
                    + " (silences in customer.yaml end by editing the file)");
        }
        LOG.info("{} ended silence {} of customer {}", principal.getName(), id, customerId);
    }

    /**
     * A refused silence as a problem body whose {@code errors[]} name each field ({@code matchers[0]: invalid
     * matcher …}); an unknown silence stays a 404.
     */
    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> refused(ResponseStatusException e) {
        if (e.getStatusCode().value() != HttpStatus.BAD_REQUEST.value()) {
            throw e;
        }
        List<FieldProblem> errors = new ArrayList<>();
        for (String problem : String.valueOf(e.getReason()).split("; ")) {
            int colon = problem.indexOf(": ");
            errors.add(colon < 0 ? new FieldProblem("", problem)
                    : new FieldProblem(problem.substring(0, colon), problem.substring(colon + 2)));
        }
        return IncidentActionApi.problem(HttpStatus.BAD_REQUEST, "Invalid silence", e.getReason(), null, errors);
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
