package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The webhook ingest contract end to end over real HTTP on the demo profile: every real sample is accepted and
 * readable back, duplicates fold, redeliveries answer with the same ids, bad input gets the right problem details
 * and is kept for operators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:webhook-ingest-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@ActiveProfiles("demo")
@AutoConfigureObservability
class WebhookIngestIT {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final String FORMATS = "alertmanager grafana datadog newrelic zabbix mackerel azure-monitor"
            + " gcp-monitoring sensu opsgenie generic eventbridge";
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(WebhookIngestIT.class.getResourceAsStream("/schema/alert.schema.json"));
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    io.alerthub.store.RejectedStore rejectedStore;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    static Stream<Path> samples() throws IOException {
        return Stream.of(FORMATS.split(" ")).map(FIXTURES::resolve).filter(Files::isDirectory).flatMap(dir -> {
            try {
                return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyRealSampleIsAcceptedAndReadableBack(Path sample) throws Exception {
        String format = sample.getParent().getFileName().toString();
        HttpResponse<String> r = post("demo", format, Files.readAllBytes(sample), "demo-token");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode ids = json.readTree(r.body()).path("alertIds");
        assertThat(ids.size()).isPositive();
        JsonNode alert = getJson("/api/v1/alerts/" + ids.get(0).asText());
        assertThat(alert.path("customerId").asText()).isEqualTo("demo");
        assertThat(alert.path("status").asText()).isIn("firing", "resolved");
        assertThat(alert.path("fingerprint").asText()).isNotBlank();
        assertThat(alert.path("severity").asText()).isIn("critical", "error", "warning", "info");
        assertThat(alert.path("name").asText()).isNotBlank();
        assertThat(alert.path("source").path("format").asText()).isEqualTo(format);
        assertThat(alert.path("incidentId").asText()).isNotBlank();
        assertThat(SCHEMA.validate(alert)).as("schema/alert.schema.json").isEmpty();
    }

    @Test
    void aCustomersOwnFormatIsReadByItsMappingAndWhatItCannotReadStillReachesAPerson() throws Exception {
        // customers/demo/customer.yaml maps Uptime Kuma's webhook (fixtures/mappings/README.md)
        String down = firstId(post("demo", "uptime-kuma",
                Files.readAllBytes(FIXTURES.resolve("mappings/uptime-kuma-down.json")), "demo-token"));
        String up = firstId(post("demo", "uptime-kuma",
                Files.readAllBytes(FIXTURES.resolve("mappings/uptime-kuma-up.json")), "demo-token"));
        JsonNode alert = getJson("/api/v1/alerts/" + down);
        assertThat(alert.path("name").asText()).isEqualTo("ACME shop");
        assertThat(alert.path("source").path("format").asText()).isEqualTo("uptime-kuma");
        assertThat(alert.path("fingerprint").asText()).isEqualTo("uptime-kuma:7");
        assertThat(SCHEMA.validate(alert)).as("schema/alert.schema.json").isEmpty();
        String incidentId = alert.path("incidentId").asText();
        assertThat(getJson("/api/v1/alerts/" + up).path("incidentId").asText()).isEqualTo(incidentId);
        assertThat(getJson("/api/v1/incidents/" + incidentId).path("state").asText()).isEqualTo("RESOLVED");

        HttpResponse<String> odd = post("demo", "uptime-kuma",
                "{\"text\":\"kuma changed its body\"}".getBytes(StandardCharsets.UTF_8), "demo-token");
        JsonNode unreadable = getJson("/api/v1/alerts/" + firstId(odd));
        assertThat(unreadable.path("status").asText()).isEqualTo("firing");
        assertThat(unreadable.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(unreadable.path("summary").asText()).startsWith("ingest.mappings.uptime-kuma could not read");
        assertThat(unreadable.path("incidentId").asText()).isNotBlank();

        HttpResponse<String> unknown = post("demo", "site24x7", "{}".getBytes(StandardCharsets.UTF_8), "demo-token");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("uptime-kuma");
    }

    @Test
    void japaneseTextSurvivesTheRoundTrip() throws Exception {
        String body = "{\"status\":\"firing\",\"name\":\"ディスク容量不足\",\"resource\":{\"host\":\"demo-web-1\"},"
                + "\"summary\":\"/var の使用率が 95% です\"}";
        HttpResponse<String> r = post("demo", "generic", body.getBytes(StandardCharsets.UTF_8), "demo-token");
        JsonNode alert = getJson("/api/v1/alerts/" + json.readTree(r.body()).path("alertIds").get(0).asText());
        assertThat(alert.path("name").asText()).isEqualTo("ディスク容量不足");
        assertThat(alert.path("summary").asText()).isEqualTo("/var の使用率が 95% です");
    }

    @Test
    void duplicatesFoldIntoOneIncidentAndResolvedClosesIt() throws Exception {
        String firing = "{\"status\":\"firing\",\"name\":\"FoldProbe\",\"resource\":{\"host\":\"fold-1\"}}";
        String resolved = firing.replace("firing", "resolved");
        String a = firstId(post("demo", "generic", firing.getBytes(StandardCharsets.UTF_8), "demo-token"));
        String b = firstId(post("demo", "generic", firing.getBytes(StandardCharsets.UTF_8), "demo-token"));
        String c = firstId(post("demo", "generic", resolved.getBytes(StandardCharsets.UTF_8), "demo-token"));

        String incidentId = getJson("/api/v1/alerts/" + a).path("incidentId").asText();
        assertThat(getJson("/api/v1/alerts/" + b).path("incidentId").asText()).isEqualTo(incidentId);
        assertThat(getJson("/api/v1/alerts/" + c).path("incidentId").asText()).isEqualTo(incidentId);
        JsonNode incident = getJson("/api/v1/incidents/" + incidentId);
        assertThat(incident.path("alertCount").asInt()).isEqualTo(3);
        assertThat(incident.path("state").asText()).isEqualTo("RESOLVED");
        // later stages add their own entries meanwhile (verdict, notifications); what the source said is in order
        assertThat(incident.path("timeline").findValuesAsText("kind"))
                .filteredOn(kind -> List.of("received", "duplicate", "resolved_by_source").contains(kind))
                .containsExactly("received", "duplicate", "resolved_by_source");
    }

    @Test
    void theSameSourceEventTwiceIsStoredOnce() throws Exception {
        String event = "{\"status\":\"firing\",\"name\":\"Redelivered\",\"source\":{\"eventId\":\"evt-redeliver-1\"}}";
        HttpResponse<String> first = post("demo", "generic", event.getBytes(StandardCharsets.UTF_8), "demo-token");
        HttpResponse<String> again = post("demo", "generic", event.getBytes(StandardCharsets.UTF_8), "demo-token");
        assertThat(json.readTree(again.body()).path("alertIds")).isEqualTo(json.readTree(first.body()).path("alertIds"));
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
    }

    @Test
    void credentialsAreCheckedPerCustomerWithoutDetail() throws Exception {
        byte[] body = "{\"status\":\"firing\",\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> wrong = post("demo", "generic", body, "not-the-token");
        HttpResponse<String> unknownCustomer = post("nobody", "generic", body, "demo-token");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknownCustomer.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).has("detail")).isFalse();
        assertThat(wrong.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void badInputGetsProblemDetailsAndIsKeptForOperators() throws Exception {
        assertProblem(post("demo", "alertmanager", "{\"alerts\": [".getBytes(StandardCharsets.UTF_8), "demo-token"),
                400, "malformed-json");
        assertProblem(post("demo", "generic", ("[".repeat(65) + "]".repeat(65)).getBytes(StandardCharsets.UTF_8),
                "demo-token"), 400, "too-deep");
        assertProblem(post("demo", "no-such-format", "{}".getBytes(StandardCharsets.UTF_8), "demo-token"),
                404, "unknown-format");
        assertProblem(post("demo", "generic", new byte[1024 * 1024 + 1], "demo-token"), 413, "payload-too-large");
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(url("/api/v1/customers/demo/alerts/generic"))
                .header("Authorization", "Bearer demo-token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(form, 415, "unsupported-media-type");

        HttpResponse<String> missing = post("demo", "generic", "{\"labels\":{}}".getBytes(StandardCharsets.UTF_8), "demo-token");
        assertProblem(missing, 422, "invalid-payload");
        assertThat(json.readTree(missing.body()).path("errors").findValuesAsText("field")).contains("status", "name");

        JsonNode rejected = getJson("/api/v1/rejected?customer=demo&limit=100");
        assertThat(rejected.path("items").findValuesAsText("reason"))
                .contains("malformed_json", "too_deep", "unknown_format", "payload_too_large", "unsupported_media_type",
                        "invalid_payload");
        String metrics = http.send(HttpRequest.newBuilder(url("/actuator/prometheus")).header("Authorization", basic())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("alerthub_ingest_rejected_total{channel=\"webhook\",reason=\"malformed_json\"");
    }

    @Test
    void zabbixDefaultMessageTextProblemAndRecoveryFoldIntoOneIncident() throws Exception {
        String problem = "{\"event_id\":\"61001\",\"event_value\":\"1\",\"event_nseverity\":\"5\",\"trigger_id\":\"61999\","
                + "\"event_tags\":\"team:web,env:prod\",\"title\":\"Problem: Free disk space is less than 5% on /\","
                + "\"description\":\"Problem started at 03:12:09 on 2026.12.07\\r\\nProblem name: Free disk space is less than"
                + " 5% on /\\r\\nHost: demo-web-1\\r\\nSeverity: Disaster\\r\\nOriginal problem ID: 61001\\r\\n\"}";
        String recovery = problem.replace("\"event_value\":\"1\"", "\"event_value\":\"0\"")
                .replace("\"title\":\"Problem:", "\"title\":\"Resolved:");
        String p = firstId(post("demo", "zabbix", problem.getBytes(StandardCharsets.UTF_8), "demo-token"));
        JsonNode firing = getJson("/api/v1/alerts/" + p);
        assertThat(firing.path("resource").path("host").asText()).isEqualTo("demo-web-1");
        assertThat(firing.path("status").asText()).isEqualTo("firing");
        assertThat(firing.path("severity").asText()).isEqualTo("critical");
        String r = firstId(post("demo", "zabbix", recovery.getBytes(StandardCharsets.UTF_8), "demo-token"));
        JsonNode resolved = getJson("/api/v1/alerts/" + r);
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.path("incidentId").asText()).isEqualTo(firing.path("incidentId").asText());
    }

    @Test
    void zabbixNestedObjectsAreUnderstood() throws Exception {
        String nested = "{\"event\":{\"id\":\"62002\",\"status\":\"PROBLEM\",\"severity\":\"High\"},"
                + "\"trigger\":{\"id\":\"62999\",\"name\":\"Load average is too high\"},"
                + "\"host\":{\"name\":\"demo-app-1\"},\"item\":{\"key\":\"system.cpu.load[all,avg1]\",\"value\":\"17.3\"}}";
        JsonNode alert = getJson("/api/v1/alerts/" + firstId(post("demo", "zabbix", nested.getBytes(StandardCharsets.UTF_8), "demo-token")));
        assertThat(alert.path("resource").path("host").asText()).isEqualTo("demo-app-1");
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("severity").asText()).isEqualTo("error");
    }

    @Test
    void aSendersTestNotificationIsStoredAsATestDeliveryAndStartsNothing() throws Exception {
        byte[] test = Files.readAllBytes(FIXTURES.resolve("test-deliveries/newrelic-legacy-test-notification.json"));
        HttpResponse<String> r = post("demo", "newrelic", test, "demo-token");
        JsonNode alert = getJson("/api/v1/alerts/" + firstId(r));
        assertThat(alert.path("labels").path("alerthub_test_delivery").asText()).isEqualTo("true");
        assertThat(alert.path("severity").asText()).isEqualTo("info");
        String incident = "/api/v1/incidents/" + alert.path("incidentId").asText();
        // no scenario, no notification: the incident stays closed with its one entry while the hub works on
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    JsonNode i = getJson(incident);
                    assertThat(i.path("state").asText()).isEqualTo("CLOSED");
                    assertThat(i.path("timeline").findValuesAsText("kind")).containsExactly("test_delivery");
                });
        // pressing the button again is stored again, not taken for a redelivery
        assertThat(firstId(post("demo", "newrelic", test, "demo-token"))).isNotEqualTo(alert.path("id").asText());
    }

    @Test
    void anEventBridgeAlarmStateChangeIsAnAlertNamedByItsAlarm() throws Exception {
        byte[] event = Files.readAllBytes(FIXTURES.resolve("eventbridge/cloudwatch-alarm-state-change-INSUFFICIENT_DATA.json"));
        JsonNode alert = getJson("/api/v1/alerts/" + firstId(post("demo", "eventbridge", event, "demo-token")));
        assertThat(alert.path("name").asText()).isEqualTo("ServerCpuTooHigh");
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("severity").asText()).isEqualTo("info");
        assertThat(alert.path("source").path("format").asText()).isEqualTo("eventbridge");
    }

    @Test
    void aRejectedInputReplaysThroughTheCurrentNormalizersAdminOnlyAndRecorded() throws Exception {
        // refused by an older hub (New Relic's test used to be a 422), kept in the rejected store
        String id = io.alerthub.support.Ids.next();
        byte[] body = Files.readAllBytes(FIXTURES.resolve("test-deliveries/newrelic-legacy-test-notification.json"));
        rejectedStore.insert(new io.alerthub.store.RejectedInput(id, "demo", "webhook", "newrelic", "invalid_payload", 422,
                "old refusal", java.time.Instant.now(), body.length, null), body);

        // behind login; the admin role comes from SecurityConfig's rule for writes under /api/** (the demo has one user)
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url("/api/v1/rejected/" + id + "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        HttpResponse<String> r = replay(id, "demo:demo");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = json.readTree(r.body());
        JsonNode alert = getJson("/api/v1/alerts/" + answer.path("alertIds").get(0).asText());
        assertThat(alert.path("annotations").path("replayedFrom").asText()).isEqualTo(id);
        assertThat(alert.path("labels").path("alerthub_test_delivery").asText()).isEqualTo("true");
        java.util.Map<String, Object> row = jdbc.queryForMap("SELECT replayed_by, replay_alert_ids FROM rejected WHERE id = ?", id);
        assertThat(row.get("replayed_by")).isEqualTo("demo");
        assertThat((String) row.get("replay_alert_ids")).contains(answer.path("alertIds").get(0).asText());

        // still refused: the same problem as at ingest, naming the field
        String bad = io.alerthub.support.Ids.next();
        byte[] badBody = "{\"hostname\":\"h\"}".getBytes(StandardCharsets.UTF_8);
        rejectedStore.insert(new io.alerthub.store.RejectedInput(bad, "demo", "webhook", "zabbix", "invalid_payload", 422,
                "old refusal", java.time.Instant.now(), badBody.length, null), badBody);
        HttpResponse<String> still = replay(bad, "demo:demo");
        assertProblem(still, 422, "invalid-payload");
        assertThat(json.readTree(still.body()).path("errors").findValuesAsText("field")).contains("status", "trigger");
        assertThat(replay("no-such-id", "demo:demo").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> replay(String id, String login) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/v1/rejected/" + id + "/replay"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> r, int status, String type) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("type").asText()).endsWith(type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
    }

    private String firstId(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json.readTree(r.body()).path("alertIds").get(0).asText();
    }

    private HttpResponse<String> post(String customer, String format, byte[] body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer + "/alerts/" + format))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
