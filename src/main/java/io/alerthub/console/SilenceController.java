package io.alerthub.console;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.SilenceConfig;
import io.alerthub.store.SilenceStore;
import io.alerthub.triage.Silences;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Silences and maintenance windows not over yet, per customer in the operator's scope, with a form to add one and a
 * button to end one early (both through {@code /api/v1/silences}); those from customer.yaml end by editing the file.
 */
@Controller
public class SilenceController {
    private final Silences silences;
    private final SilenceStore store;
    private final ConsoleScope scope;
    private final Clock clock;

    public SilenceController(Silences silences, SilenceStore store, ConsoleScope scope, Clock clock) {
        this.silences = silences;
        this.store = store;
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * One silence and whose it is.
     *
     * @param endable whether the API can end it (added at runtime, not from customer.yaml)
     * @param active  whether it has started
     */
    public record SilenceRow(String customerId, SilenceConfig silence, boolean endable, boolean active) {
    }

    @GetMapping("/console/silences")
    public String silences(@RequestParam(required = false) String customer, Model model) {
        Instant now = clock.instant();
        Set<String> ids = scope.customersFor(customer);
        List<SilenceRow> rows = scope.visibleCustomers().stream().map(CustomerConfig::id)
                .filter(id -> ids == null || ids.contains(id))
                .flatMap(id -> silences.current(id, now).stream().map(s -> new SilenceRow(id, s,
                        s.id() != null && id.equals(store.customerOf(s.id())),
                        !s.startsAt().toInstant().isAfter(now))))
                .sorted(Comparator.comparing((SilenceRow r) -> r.silence().endsAt().toInstant()))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("customer", customer);
        model.addAttribute("customers", scope.visibleCustomers());
        return "console/silences";
    }
}
