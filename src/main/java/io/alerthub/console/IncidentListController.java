package io.alerthub.console;

import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.store.IncidentSearch;
import io.alerthub.store.Page;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The console's start page: incidents of the operator's customers, newest first, filtered by customer, state, alert
 * class, host, assignee and time window. The table refreshes itself by fetching {@code /console/incidents/rows} with
 * the same filters.
 */
@Controller
@RequestMapping("/console")
public class IncidentListController {
    /** Incidents per page. */
    static final int PAGE_SIZE = 50;
    /** Choices offered in the alert class and host filters. */
    private static final int MAX_CHOICES = 200;
    private final IncidentSearch search;
    private final ConsoleScope scope;
    private final IncidentFields fields;
    private final Clock clock;

    public IncidentListController(IncidentSearch search, ConsoleScope scope, IncidentFields fields, Clock clock) {
        this.search = search;
        this.scope = scope;
        this.fields = fields;
        this.clock = clock;
    }

    @GetMapping({"", "/", "/incidents"})
    public String list(@ModelAttribute("filter") IncidentFilterForm filter, Model model) {
        rows(filter, model);
        Set<String> visible = scope.customersFor(null);
        model.addAttribute("customers", scope.visibleCustomers());
        model.addAttribute("states", IncidentState.values());
        model.addAttribute("windows", IncidentFilterForm.WINDOWS.keySet());
        model.addAttribute("alertClasses", search.distinct("alert_class", visible, MAX_CHOICES));
        model.addAttribute("hosts", search.distinct("host", visible, MAX_CHOICES));
        model.addAttribute("problems", filter.problems());
        return "console/incidents";
    }

    /** The table body alone, for the page's periodic refresh. */
    @GetMapping("/incidents/rows")
    public String rows(@ModelAttribute("filter") IncidentFilterForm filter, Model model) {
        Page<Incident> page = search.search(new IncidentSearch.Filter(scope.customersFor(filter.customer()),
                filter.stateValue(), filter.alertClass(), filter.host(), filter.assignee(),
                filter.since(clock.instant()), filter.cursor()), PAGE_SIZE);
        List<IncidentRow> rows = page.items().stream()
                .map(i -> new IncidentRow(i, IncidentFields.assignee(fields.of(i)))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("rowsUrl", filter.url("/console/incidents/rows", filter.cursor()));
        model.addAttribute("nextUrl", page.nextCursor() == null ? null
                : filter.url("/console/incidents", page.nextCursor()));
        model.addAttribute("refreshedAt", clock.instant());
        return "console/incidents :: rows";
    }
}
