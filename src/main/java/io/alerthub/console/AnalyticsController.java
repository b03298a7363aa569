package io.alerthub.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.analytics.CoverageReport;
import io.alerthub.analytics.NoiseOrder;
import io.alerthub.analytics.NoiseReport;
import io.alerthub.analytics.ReportRow;
import io.alerthub.analytics.Stats;
import io.alerthub.analytics.StatsGroup;
import io.alerthub.analytics.StatsQuery;
import io.alerthub.analytics.StatsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The numbers an MSP lives by ({@code /console/analytics}): automation rate and first response per group over a window,
 * both month by month over the last year as charts, the noisiest alerts and the classes to automate next. Everything
 * comes from {@link StatsService}, which answers only the operator's customers.
 */
@Controller
public class AnalyticsController {
    /** Windows the page offers, in days. */
    static final List<Integer> WINDOWS = List.of(7, 30, 90, 365);
    /** Groupings the page offers (the API has all of them). */
    static final List<String> GROUPS = List.of("alertClass", "customer", "department", "host", "severity", "month");
    static final int TOP = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StatsService stats;
    private final ConsoleScope scope;
    private final MessageSource messages;
    private final Clock clock;

    public AnalyticsController(StatsService stats, ConsoleScope scope, MessageSource messages, Clock clock) {
        this.stats = stats;
        this.scope = scope;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/console/analytics")
    public String analytics(@RequestParam(required = false) String customer,
                            @RequestParam(required = false) String groupBy,
                            @RequestParam(required = false) Integer days, Locale locale, Model model) {
        List<String> problems = new ArrayList<>();
        String group = groupBy == null || groupBy.isBlank() ? "alertClass" : groupBy;
        if (!GROUPS.contains(group)) {
            problems.add(messages.getMessage("analytics.badGroup", new Object[] {group, String.join(", ", GROUPS)},
                    locale));
            group = "alertClass";
        }
        int window = days == null ? 30 : days;
        if (!WINDOWS.contains(window)) {
            problems.add(messages.getMessage("analytics.badWindow", new Object[] {window, WINDOWS}, locale));
            window = 30;
        }
        String who = customer == null || customer.isBlank() ? null : customer;
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(window));
        Stats table = stats.stats(new StatsQuery(who, null, from, now, StatsGroup.parse(group)));
        List<ReportRow> months = stats.report(who, null, now.minus(Duration.ofDays(365)), now, false);
        NoiseReport noisy = stats.noisy(who, null, from, now, NoiseOrder.ALERTS, TOP);
        CoverageReport coverage = stats.coverage(who, null, from, now, TOP);

        model.addAttribute("problems", problems);
        model.addAttribute("customer", who);
        model.addAttribute("customers", scope.visibleCustomers());
        model.addAttribute("groupBy", group);
        model.addAttribute("groups", GROUPS);
        model.addAttribute("days", window);
        model.addAttribute("windows", WINDOWS);
        model.addAttribute("stats", table);
        model.addAttribute("months", months);
        model.addAttribute("noisy", noisy.fingerprints());
        model.addAttribute("automateNext", coverage.automateNext());
        model.addAttribute("chart", chart(months, locale));
        return "console/analytics";
    }

    /** The month series the charts draw, as JSON read by console-analytics.js (no inline script on the page). */
    private String chart(List<ReportRow> months, Locale locale) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode periods = data.putArray("periods");
        ArrayNode rate = data.putArray("automationRate");
        ArrayNode response = data.putArray("meanFirstResponseSeconds");
        for (ReportRow m : months) {
            periods.add(m.period());
            rate.add(Math.round(m.automationRate() * 1000) / 10.0);
            if (m.meanFirstResponseSeconds() == null) {
                response.addNull();
            } else {
                response.add(Math.round(m.meanFirstResponseSeconds() * 10) / 10.0);
            }
        }
        for (Map.Entry<String, String> label : Map.of("rateLabel", "analytics.chart.rate",
                "responseLabel", "analytics.chart.response").entrySet()) {
            data.put(label.getKey(), messages.getMessage(label.getValue(), null, locale));
        }
        return data.toString();
    }
}
