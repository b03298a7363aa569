package io.alerthub.ingest.sns;

import io.alerthub.support.PageResponse;
import io.alerthub.support.ProblemException;
import io.alerthub.support.security.CustomerScope;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Operator API over SNS subscriptions ({@code GET /api/v1/sns/subscriptions?customer=&state=},
 * {@code POST /api/v1/sns/subscriptions/{id}/confirm}); behind login, confirming needs the admin role; only the
 * caller's customers are listed (another customer's subscription answers 404: the incident stage's path gate).
 */
@RestController
public class SnsSubscriptionApi {
    private final SnsSubscriptionStore store;
    private final SnsSubscriptions subscriptions;
    private final CustomerScope scope;

    public SnsSubscriptionApi(SnsSubscriptionStore store, SnsSubscriptions subscriptions, CustomerScope scope) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.scope = scope;
    }

    @GetMapping("/api/v1/sns/subscriptions")
    public PageResponse<SnsSubscription> list(@RequestParam(required = false) String customer,
                                              @RequestParam(required = false) String state,
                                              @RequestParam(required = false) Integer limit) {
        List<SnsSubscription> items = store.list(customer, scope.within(), state, PageResponse.limit(limit));
        return PageResponse.of(items, null);
    }

    @PostMapping("/api/v1/sns/subscriptions/{id}/confirm")
    public SnsSubscription confirm(@PathVariable String id, Principal operator) {
        try {
            return subscriptions.confirm(id, operator == null ? "operator" : operator.getName());
        } catch (SnsRejection e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (ProblemException e) {
            throw new ResponseStatusException(HttpStatus.valueOf(e.status()), e.getMessage());
        }
    }
}
