package io.alerthub.ingest;

import io.alerthub.store.Page;
import io.alerthub.store.RejectedInput;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.PageResponse;
import io.alerthub.support.security.CustomerScope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator API listing refused input ({@code GET /api/v1/rejected?customer=&reason=}); behind login, and only of the
 * caller's customers (a filter naming another customer answers an empty list).
 */
@RestController
public class RejectedApi {
    private final RejectedStore rejected;
    private final CustomerScope scope;

    public RejectedApi(RejectedStore rejected, CustomerScope scope) {
        this.rejected = rejected;
        this.scope = scope;
    }

    @GetMapping("/api/v1/rejected")
    public PageResponse<RejectedInput> list(@RequestParam(required = false) String customer,
                                            @RequestParam(required = false) String reason,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) Integer limit) {
        Page<RejectedInput> page = rejected.list(customer, scope.within(), reason, cursor, PageResponse.limit(limit));
        return PageResponse.of(page.items(), page.nextCursor());
    }
}
