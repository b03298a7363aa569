package io.alerthub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;
import io.alerthub.model.Outcome;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.support.security.OperatorTestUsers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analytics over real HTTP on a started hub: the stats answer JSON and CSV to a login and nothing without one,
 * refuse an unknown grouping or a bad time with a problem naming the field, every analytics meter is on
 * {@code /actuator/prometheus} from the start (0, not missing), a verdict lands in the first-response histogram, and
 * every metric the shipped Grafana dashboards query is exposed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "alerthub.mail.enabled=false",
        "alerthub.scenarios.enabled=false",
        "alerthub.analytics.manual-handling-times.disk_usage=20m",
        // the history below is written with plain SQL, which leaves no change marks for the day rollups
        "alerthub.analytics.rollups=false",
        "spring.datasource.url=jdbc:h2:mem:analytics-api-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@AutoConfigureObservability
@OperatorTestUsers
class AnalyticsApiIT {
    private static final Path DASHBOARDS = Path.of("docker/grafana");
    private static final Pattern METRIC = Pattern.compile("alerthub_[a-zA-Z0-9_]+");
    private static final Instant SEEN = Instant.parse("2026-03-02T01:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    /** customers/demo names its secrets by reference; outside the demo profile nothing sets them. */
    @DynamicPropertySource
    static void demoReferences(DynamicPropertyRegistry registry) {
        DemoEnvironment.properties(DemoFleetKeys.newClientKey()).forEach((k, v) -> registry.add(k, () -> v));
    }

    @BeforeEach
    void seed() {
        jdbc.update("DELETE FROM incidents WHERE id LIKE 'api-it-%'");
        // a disk alert the hub resolved in 12 s (2 alerts), an unknown one escalated after 1 s
        insert("api-it-1", "disk_usage", "RESOLVED", 2, 12);
        insert("api-it-2", "unknown", "ESCALATED", 1, 1);
    }

    @Test
    void statsAnswerTheContractShapeToALogin() throws Exception {
        HttpResponse<String> r = get("/api/v1/stats?customer=demo&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z"
                + "&groupBy=alertClass", "viewer", "application/json");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode stats = json.readTree(r.body());
        JsonNode disk = stats.path("items").get(0);
        assertThat(disk.path("key").asText()).isEqualTo("disk_usage");
        assertThat(disk.path("alerts").asLong()).isEqualTo(2);
        assertThat(disk.path("resolvedByHub").asLong()).isEqualTo(1);
        assertThat(disk.path("automationRate").asDouble()).isEqualTo(1.0);
        assertThat(disk.path("firstResponseSeconds").path("p50").asLong()).isEqualTo(12);
        assertThat(disk.path("timeSavedSeconds").asDouble()).as("20 min by hand, 12 s by the hub").isEqualTo(1188.0);
        JsonNode unknown = stats.path("items").get(1);
        assertThat(unknown.path("escalated").asLong()).isEqualTo(1);
        assertThat(unknown.path("automationRate").asDouble()).isZero();
        assertThat(unknown.has("mttaSeconds")).as("null figures are present, not dropped").isTrue();
        assertThat(unknown.path("mttaSeconds").isNull()).isTrue();
        assertThat(stats.path("totals").path("alerts").asLong()).isEqualTo(3);
        assertThat(stats.path("totals").path("automationRate").asDouble()).isEqualTo(0.6667);
        assertThat(stats.path("groupBy").asText()).isEqualTo("alertClass");
    }

    @Test
    void csvOnRequest() throws Exception {
        HttpResponse<String> r = get("/api/v1/stats?from=2026-03-01&to=2026-03-03&groupBy=month", "viewer", "text/csv");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(r.body().split("\r\n")).containsExactly(StatsRow.CSV_HEADER,
                "2026-03,3,2,1,0,1,0,0.6667,6.5,1,12,,12.0,1188.0",
                "total,3,2,1,0,1,0,0.6667,6.5,1,12,,12.0,1188.0");
    }

    @Test
    void everyGroupingAnswersAndTheReportsToo() throws Exception {
        for (String g : StatsGroup.names()) {
            assertThat(get("/api/v1/stats?customer=demo&groupBy=" + g, "viewer", "application/json").statusCode())
                    .as(g).isEqualTo(200);
        }
        for (String path : List.of("/api/v1/stats/report?period=year", "/api/v1/stats/noisy?orderBy=flaps",
                "/api/v1/stats/coverage?customer=demo")) {
            assertThat(get(path, "viewer", "application/json").statusCode()).as(path).isEqualTo(200);
        }
        JsonNode coverage = json.readTree(get("/api/v1/stats/coverage?from=2026-03-01&to=2026-03-03", "viewer",
                "application/json").body());
        // the demo customer's routes bind disk_usage (demo.disk): unknown is what it should automate next
        assertThat(coverage.path("coverage").get(0).path("uncovered").toString()).contains("unknown");
        assertThat(coverage.path("automateNext").get(0).path("alertClass").asText()).isEqualTo("unknown");
    }

    @Test
    void anUnknownGroupingOrABadTimeIsAProblemNamingTheField() throws Exception {
        HttpResponse<String> r = get("/api/v1/stats?groupBy=nonsense", "viewer", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("groupBy");
        assertThat(problem.path("errors").get(0).path("message").asText()).isEqualTo("unknown grouping \"nonsense\""
                + " (valid: customer, department, alertClass, host, severity, day, week, month)");

        JsonNode badTime = json.readTree(get("/api/v1/stats?from=yesterday", "viewer", "application/json").body());
        assertThat(badTime.path("errors").get(0).path("field").asText()).isEqualTo("from");
        JsonNode badOrder = json.readTree(get("/api/v1/stats/noisy?orderBy=loudest", "viewer", "application/json").body());
        assertThat(badOrder.path("errors").get(0).path("field").asText()).isEqualTo("orderBy");
    }

    @Test
    void nothingWithoutALogin() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void everyAnalyticsMeterIsThereFromTheStart() throws Exception {
        String metrics = prometheus();
        assertThat(metrics).contains("alerthub_alerts_received_total{customer=\"demo\"}",
                "alerthub_alerts_received_total{customer=\"other\"}",
                "alerthub_incidents_opened_total{customer=\"demo\"}",
                "alerthub_incidents_decided_total{customer=\"demo\",outcome=\"HANDED_OVER\"}",
                "alerthub_first_response_seconds_bucket{customer=\"demo\",outcome=\"ESCALATED\",le=\"300.0\"}",
                "alerthub_queue_depth{queue=\"scenario.dispatch\"} 0.0",
                "alerthub_queue_depth{queue=\"outbox.due\"} 0.0",
                "alerthub_queue_depth{queue=\"mail.backlog\"} 0.0");
    }

    @Test
    void aFirstVerdictIsTimedInTheFirstResponseHistogram() throws Exception {
        events.publishEvent(new ScenarioDecided("api-it-1", "demo", Outcome.RESOLVED));
        events.publishEvent(new ScenarioDecided("api-it-1", "nobody-configured", Outcome.RESOLVED));

        String metrics = prometheus();
        assertThat(count(metrics, "alerthub_first_response_seconds_bucket{customer=\"demo\",outcome=\"RESOLVED\",le=\"30.0\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(count(metrics, "alerthub_first_response_seconds_bucket{customer=\"demo\",outcome=\"RESOLVED\",le=\"10.0\"}"))
                .as("12 s is not within 10 s").isZero();
        assertThat(count(metrics, "alerthub_incidents_decided_total{customer=\"other\",outcome=\"RESOLVED\"}"))
                .as("an unconfigured customer is counted as other").isGreaterThanOrEqualTo(1);
    }

    @Test
    void everyMetricTheGrafanaDashboardsQueryIsExposed() throws Exception {
        List<Path> dashboards;
        try (Stream<Path> files = Files.walk(DASHBOARDS)) {
            dashboards = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).isNotEmpty();
        Set<String> queried = new TreeSet<>();
        for (Path dashboard : dashboards) {
            collect(json.readTree(dashboard.toFile()), queried);
        }
        assertThat(queried).as("the dashboards query the hub's metrics").isNotEmpty();

        Set<String> exposed = new TreeSet<>();
        for (String line : prometheus().split("\n")) {
            Matcher m = METRIC.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                exposed.add(base(m.group()));
            }
        }
        List<String> missing = new ArrayList<>();
        queried.stream().filter(name -> !exposed.contains(base(name))).forEach(missing::add);
        assertThat(missing).as("queried by a dashboard but not on /actuator/prometheus").isEmpty();
    }

    /** Every metric name in a dashboard's queries: panel targets and template variables alike. */
    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            Matcher m = METRIC.matcher(node.asText());
            while (m.find()) {
                names.add(m.group());
            }
        }
        node.elements().forEachRemaining(child -> collect(child, names));
    }

    private static String base(String name) {
        return name.replaceAll("_(bucket|count|sum|total|max)$", "");
    }

    private static double count(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(-1.0);
    }

    private String prometheus() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/actuator/prometheus", "viewer", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private void insert(String id, String alertClass, String outcome, int alerts, int decidedAfter) {
        jdbc.update("INSERT INTO incidents (id, customer_id, fingerprint, state, outcome, source_status, alert_class,"
                        + " host, alert_count, first_seen, last_seen, automation_started_at, decided_at, first_outcome,"
                        + " first_decided_at) VALUES (?, 'demo', ?, ?, ?, 'firing', ?, 'demo-web-1', ?, ?, ?, ?, ?, ?, ?)",
                id, id, outcome, outcome, alertClass, alerts, SEEN.atOffset(ZoneOffset.UTC), SEEN.atOffset(ZoneOffset.UTC),
                SEEN.atOffset(ZoneOffset.UTC), SEEN.plusSeconds(decidedAfter).atOffset(ZoneOffset.UTC), outcome,
                SEEN.plusSeconds(decidedAfter).atOffset(ZoneOffset.UTC));
    }

    private HttpResponse<String> get(String path, String user, String accept) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic)
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
