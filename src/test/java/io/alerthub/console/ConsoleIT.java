package io.alerthub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.support.Ids;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console over real HTTP, as a script and as a browser would reach it: who gets in (HTTP Basic, the login
 * redirect), what each page shows from the stores (filters, the timeline with SSH steps, the hand-over summary, dead
 * letters, rejected input, silences, customers), the buttons each role is offered, escaping, the language choice,
 * and the 404 page.
 */
class ConsoleIT extends ConsoleHub {
    @Autowired
    OutboxStore outbox;

    Document page(String user, String path) throws Exception {
        HttpResponse<String> response = get(user, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        return Jsoup.parse(response.body());
    }

    @Test
    void aScriptWithoutCredentialsIsAskedToAuthenticate() throws Exception {
        HttpResponse<String> response = get(null, "/console/");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Alert Hub\"");
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheLoginForm() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/console/incidents"))
                .header("Accept", "text/html,application/xhtml+xml").header("Sec-Fetch-Mode", "navigate").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(302, 303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void anEscalatedIncidentPageNamesTheIncidentForABasicLogin() throws Exception {
        String id = escalatedIncident("north", "ConsoleProbe", "north-web-1", "unknown");

        Document page = page("viewer", "/console/incidents/" + id);

        assertThat(page.selectFirst("h1").text()).isEqualTo("ConsoleProbe");
        assertThat(page.selectFirst("#facts .state").text()).isEqualTo("Escalated");
        assertThat(page.select("#timeline li").eachAttr("data-kind")).contains("received", "outcome");
        assertThat(page.selectFirst("#alerts-h")).isNotNull();
        assertThat(page.select("#alerts-h + table tbody tr")).hasSize(1);
    }

    @Test
    void anUnknownIncidentIsANotFoundPage() throws Exception {
        HttpResponse<String> response = get("viewer", "/console/incidents/no-such-incident");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        Document page = Jsoup.parse(response.body());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(page.selectFirst("main").text()).contains("no-such-incident");
    }

    @Test
    void theTimelineShowsEverySshCommandWithExitCodeAndBoundedOutput() throws Exception {
        Incident handed = handedOverWithSshSteps("Disk almost full", "south-db-1");

        Document page = page("operator", "/console/incidents/" + handed.id());

        List<Element> steps = page.select("#timeline li.kind-ssh");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).selectFirst("pre.command").text()).isEqualTo("df -P /");
        assertThat(steps.get(0).selectFirst(".exit-code").text()).isEqualTo("exit code 0");
        assertThat(steps.get(0).selectFirst("pre.output").wholeText()).contains("/dev/sda1 100 93 7 93% /");
        assertThat(steps.get(1).selectFirst(".exit-code").text()).isEqualTo("exit code 1");
        assertThat(steps.get(1).selectFirst("pre.output.stderr").text()).contains("Permission denied");
        assertThat(steps.get(1).selectFirst("pre.output").wholeText()).hasSize(TimelineItem.MAX_OUTPUT_CHARS + 1);
        assertThat(steps.get(1).text()).contains("Output cut");
        Element handOver = page.selectFirst("#handover");
        assertThat(handOver.hasAttr("hidden")).isFalse();
        assertThat(handOver.select("ul li").eachText()).containsExactly(
                "disk usage of /", "/ is 93 % full (threshold 90 %)", "free space on / by hand");
        assertThat(handOver.selectFirst("pre.reason").text()).isEqualTo("cleaning did not free enough space");
    }

    @Test
    void whatAnAlertSaysIsEscapedNeverMarkup() throws Exception {
        Instant now = clock.instant();
        Incident hostile = incident("south", "<script>alert('x')</script>", IncidentState.ESCALATED, "unknown",
                "<img src=x onerror=alert(1)>", now);
        timeline.append(hostile.id(), new TimelineEntry(now, "<b>source</b>", "received",
                Map.of("summary", "<iframe src=//evil>")));

        HttpResponse<String> response = get("viewer", "/console/incidents/" + hostile.id());

        assertThat(response.body()).doesNotContain("<script>alert", "<img src=x", "<iframe", "<b>source</b>")
                .contains("&lt;script&gt;");
        assertThat(get("viewer", "/console/incidents").body()).doesNotContain("<script>alert");
    }

    @Test
    void theListFiltersByCustomerStateClassHostAssigneeAndTimeWindow() throws Exception {
        Instant now = clock.instant();
        Incident a = incident("north", "filter-a", IncidentState.ESCALATED, "cpu_high", "filter-host-1", now);
        Incident b = incident("south", "filter-b", IncidentState.HANDED_OVER, "cpu_high", "filter-host-2", now);
        Incident old = incident("north", "filter-old", IncidentState.ESCALATED, "cpu_high", "filter-host-1",
                now.minus(Duration.ofHours(3)));
        incidents.acknowledge(b.id(), "carol", now);

        assertThat(listed("/console/incidents?alertClass=cpu_high")).contains(a.id(), b.id(), old.id());
        assertThat(listed("/console/incidents?alertClass=cpu_high&customer=south")).containsExactly(b.id());
        assertThat(listed("/console/incidents?alertClass=cpu_high&state=ESCALATED")).contains(a.id(), old.id())
                .doesNotContain(b.id());
        assertThat(listed("/console/incidents?host=FILTER-HOST-1")).contains(a.id(), old.id()).doesNotContain(b.id());
        assertThat(listed("/console/incidents?alertClass=cpu_high&within=1h")).contains(a.id(), b.id())
                .doesNotContain(old.id());
        assertThat(listed("/console/incidents?assignee=carol")).containsExactly(b.id());
        Document filtered = page("viewer", "/console/incidents?state=ESCALATED&alertClass=cpu_high");
        assertThat(filtered.selectFirst("#f-state option[selected]").val()).isEqualTo("ESCALATED");
        assertThat(filtered.selectFirst("#f-class").val()).isEqualTo("cpu_high");
        assertThat(filtered.selectFirst("#incident-rows").attr("hx-get"))
                .isEqualTo("/console/incidents/rows?state=ESCALATED&alertClass=cpu_high");
    }

    private List<String> listed(String path) throws Exception {
        return page("viewer", path).select("#incident-rows tr[data-incident]").eachAttr("data-incident");
    }

    @Test
    void aFilterValueThatMeansNothingIsNamedWithTheValidOnes() throws Exception {
        Document page = page("viewer", "/console/incidents?state=bogus&within=2y");

        assertThat(page.select(".problems li").eachText()).containsExactly(
                "state: unknown state \"bogus\" (valid: \"OPEN\", \"AUTOMATING\", \"RESOLVED\", \"HANDED_OVER\", "
                        + "\"ESCALATED\", \"ACKNOWLEDGED\", \"CLOSED\", \"SUPPRESSED\")",
                "within: unknown time window \"2y\" (valid: \"1h\", \"24h\", \"7d\", \"30d\")");
    }

    @Test
    void theListAndTheTimelineRefreshThemselvesFromFragments() throws Exception {
        Incident incident = incident("north", "fragment-probe", IncidentState.ESCALATED, "unknown", "frag-1",
                clock.instant());

        Document list = page("viewer", "/console/incidents");
        Element rows = list.selectFirst("tbody#incident-rows");
        assertThat(rows.attr("hx-get")).isEqualTo("/console/incidents/rows");
        assertThat(rows.attr("hx-trigger")).isEqualTo("every 10s");
        HttpResponse<String> fragment = get("viewer", "/console/incidents/rows");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<tbody").doesNotContain("<html").contains(incident.id());

        HttpResponse<String> live = get("viewer", "/console/incidents/" + incident.id() + "/timeline");
        assertThat(live.statusCode()).isEqualTo(200);
        Document parts = Jsoup.parse(live.body());
        assertThat(parts.selectFirst("#facts").attr("hx-swap-oob")).isEqualTo("true");
        assertThat(parts.selectFirst("#handover").attr("hx-swap-oob")).isEqualTo("true");
        assertThat(parts.selectFirst("#timeline").attr("hx-trigger")).isEqualTo("every 10s, refresh from:body");
        assertThat(parts.selectFirst("#timeline").hasAttr("hx-swap-oob")).isFalse();
    }

    @Test
    void theLanguageFollowsTheBrowserUntilTheOperatorChooses() throws Exception {
        HttpResponse<String> japanese = http.send(HttpRequest.newBuilder(uri("/console/incidents"))
                .header("Authorization", basic("viewer")).header("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.5").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        Document ja = Jsoup.parse(japanese.body());
        assertThat(ja.selectFirst("html").attr("lang")).isEqualTo("ja");
        assertThat(ja.selectFirst("h1").text()).isEqualTo("インシデント");

        HttpResponse<String> chosen = http.send(HttpRequest.newBuilder(uri("/console/incidents?lang=en"))
                .header("Authorization", basic("viewer")).header("Accept-Language", "ja").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Jsoup.parse(chosen.body()).selectFirst("h1").text()).isEqualTo("Incidents");
        String cookie = chosen.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleLocaleResolver.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).startsWith("alerthub-lang=en;").contains("HttpOnly", "SameSite=Lax");

        HttpResponse<String> later = http.send(HttpRequest.newBuilder(uri("/console/silences"))
                .header("Authorization", basic("viewer")).header("Accept-Language", "ja")
                .header("Cookie", "alerthub-lang=en").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Jsoup.parse(later.body()).selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(Jsoup.parse(later.body()).selectFirst("h1").text()).isEqualTo("Silences");
    }

    @Test
    void actionButtonsAreOfferedOnlyToRolesTheApiAccepts() throws Exception {
        Incident incident = incident("north", "buttons-probe", IncidentState.ESCALATED, "unknown", "btn-1",
                clock.instant());
        String takeover = "form[data-api=/api/v1/incidents/" + incident.id() + "/takeover]";

        assertThat(page("viewer", "/console/incidents/" + incident.id()).select("#actions")).isEmpty();
        Document operator = page("operator", "/console/incidents/" + incident.id());
        assertThat(operator.select("form[data-api=/api/v1/incidents/" + incident.id() + "/ack] button")).hasSize(1);
        // a button only where the API serves the action (takeover, notes, resolve arrive with issue 14 item 1)
        assertThat(operator.select(takeover)).hasSize(hasIncidentAction("takeover") ? 1 : 0);
        assertThat(operator.select("form[data-api$=/notes] textarea[name=text]"))
                .hasSize(hasIncidentAction("notes") ? 1 : 0);
        assertThat(operator.select("form[data-api$=/resolve] textarea[name=note]"))
                .hasSize(hasIncidentAction("resolve") ? 1 : 0);
        assertThat(operator.select("form[data-api$=/close]")).as("close is offered only once resolved").isEmpty();
        assertThat(hasIncidentAction("ack")).isTrue();
        assertThat(hasIncidentAction("no-such-action")).isFalse();
    }

    @Test
    void deadLettersAreListedWithARetryButtonForAdmins() throws Exception {
        Incident incident = incident("north", "dead-letter-probe", IncidentState.ESCALATED, "unknown", "dl-1",
                clock.instant());
        String id = Ids.next();
        outbox.enqueue(OutboxEntry.pending(id, "north", incident.id(), ChannelKind.SLACK,
                NotificationAction.TRIGGER, 0, "internal", clock.instant(), null, null, clock.instant()));
        outbox.settle(id, OutboxEntry.Status.DEAD, "slack answered 404 channel_not_found", 6);

        Document admin = page("admin", "/console/notifications");
        Element row = admin.select("tbody tr").stream().filter(tr -> tr.text().contains(incident.id())).findFirst()
                .orElseThrow();
        assertThat(row.text()).contains("channel_not_found", "DEAD");
        assertThat(row.select("form[data-api=/api/v1/notifications/" + id + "/retry]")).hasSize(1);
        assertThat(page("operator", "/console/notifications").select("form[data-api$=/retry]")).isEmpty();
    }

    @Test
    void rejectedInputShowsWhyAndTheStartOfTheBody() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/api/v1/customers/north/alerts/generic"))
                .header("Authorization", "Bearer north-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"console-probe\":true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);

        Document page = page("viewer", "/console/rejected?customer=north");

        assertThat(page.select("tbody pre.output").eachText()).anyMatch(body -> body.contains("console-probe"));
    }

    @Test
    void silencesAreListedAndOperatorsMayEndThem() throws Exception {
        HttpResponse<String> created = post("operator", "/api/v1/silences", """
                {"customerId":"south","hosts":["silence-host-*"],"endsAt":"%s","comment":"console silence probe"}"""
                .formatted(clock.instant().plus(Duration.ofHours(2))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();

        Element row = page("operator", "/console/silences").select("tbody tr").stream()
                .filter(tr -> tr.text().contains("console silence probe")).findFirst().orElseThrow();
        assertThat(row.text()).contains("south", "silence-host-*");
        assertThat(row.select("form[data-api=/api/v1/silences/" + id + "][data-method=DELETE]")).hasSize(1);
        assertThat(page("viewer", "/console/silences").select("form[data-method=DELETE]")).isEmpty();
    }

    @Test
    void customersShowTheirSwitchesAndOnlyAdminsGetTheKillSwitch() throws Exception {
        Document admin = page("admin", "/console/customers");
        assertThat(admin.select("section[data-customer]").eachAttr("data-customer")).containsExactly("north", "south");
        assertThat(admin.selectFirst("section[data-customer=south]").text()).contains("South Retail", "dry-run",
                "No scenarios bound");
        assertThat(admin.select("form[data-api=/api/v1/scenarios/switches][data-method=PUT]")).hasSize(1);
        assertThat(page("operator", "/console/customers").select("form[data-api=/api/v1/scenarios/switches]")).isEmpty();
    }

    @Test
    void theConsolesScriptsAndStylesAreServedFromTheJar() throws Exception {
        for (String path : List.of("/console/console.js", "/console/console.css", "/webjars/htmx.org/dist/htmx.min.js")) {
            HttpResponse<String> response = get("viewer", path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isNotBlank();
        }
        // the page links htmx by its versioned path (webjars-locator-lite fills in the version)
        List<String> scripts = page("viewer", "/console/").select("script[src]").eachAttr("src");
        assertThat(scripts).hasSize(2).last().isEqualTo("/console/console.js");
        assertThat(scripts.get(0)).matches("/webjars/htmx\\.org/2\\.[0-9.]+/dist/htmx\\.min\\.js");
        for (String script : scripts) {
            assertThat(get("viewer", script).statusCode()).as(script).isEqualTo(200);
        }
    }

    @Test
    void pagesHaveLandmarksLabelsAndTableHeaders() throws Exception {
        for (String path : List.of("/console/", "/console/silences", "/console/notifications", "/console/rejected",
                "/console/customers", "/console/analytics")) {
            Document page = page("admin", path);
            assertThat(page.select("header nav[aria-label]")).as(path).hasSize(1);
            assertThat(page.select("main#main h1")).as(path).hasSize(1);
            assertThat(page.select("a.skip[href=#main]")).as(path).hasSize(1);
            assertThat(page.select("nav a[aria-current=page]")).as(path).hasSize(1);
            for (Element field : page.select("main input:not([type=hidden]), main select, main textarea")) {
                assertThat(page.select("label[for=" + field.id() + "]")).as(path + " label of " + field).isNotEmpty();
            }
            for (Element table : page.select("main table")) {
                assertThat(table.select("thead th[scope=col]")).as(path).isNotEmpty();
            }
        }
    }

    @Test
    void aScopedLoginSeesOnlyItsCustomer() throws Exception {
        assumeTrue(SCOPED_LOGINS, SCOPED_LOGINS_MISSING);
        Instant now = clock.instant();
        Incident north = incident("north", "scope-north", IncidentState.ESCALATED, "scope_probe", "scope-1", now);
        Incident south = incident("south", "scope-south", IncidentState.ESCALATED, "scope_probe", "scope-2", now);

        assertThat(listed("/console/incidents?alertClass=scope_probe")).contains(north.id(), south.id());
        assertThat(page("south-op", "/console/incidents?alertClass=scope_probe")
                .select("#incident-rows tr[data-incident]").eachAttr("data-incident")).containsExactly(south.id());
        assertThat(page("south-op", "/console/incidents?customer=north")
                .select("#incident-rows tr[data-incident]")).isEmpty();
        assertThat(get("south-op", "/console/incidents/" + north.id()).statusCode()).isEqualTo(404);
        assertThat(page("south-op", "/console/customers").select("section[data-customer]").eachAttr("data-customer"))
                .containsExactly("south");
        assertThat(page("south-op", "/console/incidents").select("#f-customer option").eachAttr("value"))
                .containsExactly("", "south");
    }

    @Test
    void theAnalyticsPageShowsEachClassWithItsCountsRateAndTheMonthSeries() throws Exception {
        escalatedIncident("north", "AnalyticsProbe", "north-web-9", "analytics_probe");

        Document page = page("viewer", "/console/analytics?customer=north&groupBy=alertClass&days=7");

        assertThat(page.selectFirst("h1").text()).isEqualTo("Analytics");
        Element row = page.select("main table tbody tr").stream()
                .filter(r -> r.selectFirst("th") != null && r.selectFirst("th").text().equals("analytics_probe"))
                .findFirst().orElseThrow();
        List<String> cells = row.select("td").eachText();
        assertThat(Long.parseLong(cells.get(0))).as("alerts").isPositive();
        assertThat(Long.parseLong(cells.get(4))).as("escalated to people").isPositive();
        assertThat(cells.get(5)).as("automation rate of a class only people handled").startsWith("0");
        var chart = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                page.selectFirst("script#analytics-data").data());
        assertThat(chart.path("periods")).as("the month series the charts draw").isNotEmpty();
        assertThat(chart.path("automationRate").size()).isEqualTo(chart.path("periods").size());
        assertThat(page.select("script[src]").eachAttr("src")).anyMatch(src -> src.contains("/webjars/echarts/"));

        Document wrong = page("viewer", "/console/analytics?groupBy=nonsense&days=3");
        assertThat(wrong.select("ul.problems li").eachText()).anyMatch(t -> t.startsWith("groupBy:"))
                .anyMatch(t -> t.startsWith("days:"));
    }
}
