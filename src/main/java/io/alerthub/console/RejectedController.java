package io.alerthub.console;

import io.alerthub.store.RejectedInput;
import io.alerthub.store.RejectedStore;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Input the hub refused from authenticated senders: why, the answer they got, and the start of what they sent. */
@Controller
public class RejectedController {
    static final int PAGE_SIZE = 100;
    /** Characters of a refused body shown on the page (the store keeps 64 KiB). */
    static final int EXCERPT_CHARS = 4000;
    private final RejectedStore rejected;
    private final ConsoleScope scope;

    public RejectedController(RejectedStore rejected, ConsoleScope scope) {
        this.rejected = rejected;
        this.scope = scope;
    }

    @GetMapping("/console/rejected")
    public String rejected(@RequestParam(required = false) String customer,
                           @RequestParam(required = false) String reason, Model model) {
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        List<RejectedInput> rows = scope.list(customer, id -> rejected.list(id, why, null, PAGE_SIZE).items(),
                        RejectedInput::customerId, Comparator.comparing(RejectedInput::id).reversed(), PAGE_SIZE)
                .stream().map(RejectedController::bounded).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("customer", customer);
        model.addAttribute("reason", why);
        model.addAttribute("customers", scope.visibleCustomers());
        return "console/rejected";
    }

    private static RejectedInput bounded(RejectedInput r) {
        String excerpt = r.bodyExcerpt() == null ? "" : TimelineItem.cut(r.bodyExcerpt(), EXCERPT_CHARS);
        return new RejectedInput(r.id(), r.customerId(), r.channel(), r.format(), r.reason(), r.status(), r.detail(),
                r.receivedAt(), r.bodySize(), excerpt);
    }
}
