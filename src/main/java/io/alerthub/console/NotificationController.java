package io.alerthub.console;

import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Notifications by status, the dead letter ({@code DEAD}) first: what failed for good and why, with a retry button
 * (admin) that asks {@code /api/v1/notifications/{id}/retry} to send it again.
 */
@Controller
public class NotificationController {
    static final int PAGE_SIZE = 100;
    private final OutboxStore outbox;
    private final ConsoleScope scope;

    public NotificationController(OutboxStore outbox, ConsoleScope scope) {
        this.outbox = outbox;
        this.scope = scope;
    }

    @GetMapping("/console/notifications")
    public String notifications(@RequestParam(required = false) String status,
                                @RequestParam(required = false) String customer, Model model) {
        OutboxEntry.Status wanted = parse(status);
        String problem = wanted == null && status != null && !status.isBlank() && !status.equalsIgnoreCase("all")
                ? "status: unknown status \"" + status + "\" (valid: \"all\", " + String.join(", ",
                List.of(OutboxEntry.Status.values()).stream().map(s -> "\"" + s.name() + "\"").toList()) + ")"
                : null;
        if (status == null) {
            wanted = OutboxEntry.Status.DEAD;
        }
        OutboxEntry.Status filter = wanted;
        List<OutboxEntry> rows = scope.list(customer,
                id -> outbox.list(filter, id, null, PAGE_SIZE).items(), OutboxEntry::customerId,
                Comparator.comparing(OutboxEntry::id).reversed(), PAGE_SIZE);
        model.addAttribute("rows", rows);
        model.addAttribute("status", wanted == null ? "all" : wanted.name());
        model.addAttribute("statuses", OutboxEntry.Status.values());
        model.addAttribute("customer", customer);
        model.addAttribute("customers", scope.visibleCustomers());
        model.addAttribute("problems", problem == null ? List.of() : List.of(problem));
        return "console/notifications";
    }

    private static OutboxEntry.Status parse(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OutboxEntry.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
