package io.alerthub.console;

import io.alerthub.config.CustomerConfig;
import io.alerthub.ingest.mail.MailboxHealth;
import io.alerthub.ingest.sns.SnsSubscription;
import io.alerthub.ingest.sns.SnsSubscriptionStore;
import io.alerthub.scenario.ScenarioSwitches;
import io.alerthub.scenario.routes.CustomerRoutes;
import io.alerthub.scenario.routes.ScenarioBinding;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The customers in the operator's scope: their bound scenarios (and a routes file refused), alert mailbox and SNS
 * status, their automation switches from customer.yaml, and the hub-wide kill switch an admin can flip through
 * {@code /api/v1/scenarios/switches}.
 */
@Controller
public class CustomerController {
    static final int MAX_SUBSCRIPTIONS = 20;
    private final ConsoleScope scope;
    private final CustomerRoutes routes;
    private final MailboxHealth mailboxes;
    private final SnsSubscriptionStore subscriptions;
    private final ScenarioSwitches switches;

    public CustomerController(ConsoleScope scope, CustomerRoutes routes, MailboxHealth mailboxes,
                              SnsSubscriptionStore subscriptions, ScenarioSwitches switches) {
        this.scope = scope;
        this.routes = routes;
        this.mailboxes = mailboxes;
        this.subscriptions = subscriptions;
        this.switches = switches;
    }

    /**
     * One customer's card.
     *
     * @param routesProblem why its routes file is refused (its last good routes keep running), or null
     * @param mailbox       the mailbox poller's state ({@code status}, {@code since}, {@code error}), or null when the
     *                      customer has no mailbox or it was not polled yet
     */
    public record CustomerCard(CustomerConfig config, List<ScenarioBinding> bindings, String routesProblem,
                               Map<?, ?> mailbox, List<SnsSubscription> subscriptions) {
    }

    @GetMapping("/console/customers")
    public String customers(Model model) {
        Map<?, ?> mailboxStates = mailboxes.health().getDetails().get("mailboxes") instanceof Map<?, ?> m ? m : Map.of();
        Map<String, String> problems = routes.problems();
        List<CustomerCard> cards = scope.visibleCustomers().stream().map(c -> new CustomerCard(c,
                routes.bindings(c.id()), problems.get(c.id()),
                c.mailbox().isPresent() && mailboxStates.get(c.id()) instanceof Map<?, ?> state ? state : null,
                subscriptions.list(c.id(), null, MAX_SUBSCRIPTIONS))).toList();
        model.addAttribute("cards", cards);
        model.addAttribute("switches", new HubSwitches(switches.enabled(), switches.dryRun()));
        return "console/customers";
    }

    /** The hub-wide automation switches as they stand now. */
    public record HubSwitches(boolean enabled, boolean dryRun) {
    }
}
