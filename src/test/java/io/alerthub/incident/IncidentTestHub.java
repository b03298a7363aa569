package io.alerthub.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The running hub as the incident ITs drive it over real HTTP: customers written to a folder, alerts posted to the
 * webhook API, incidents read and acted on with the test logins of {@code @OperatorTestUsers}.
 */
final class IncidentTestHub {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    IncidentTestHub(int port) {
        this.port = port;
    }

    /**
     * A customer whose alerts go to Slack at once and to PagerDuty after ten minutes (both stand-ins), bearer token
     * {@code <id>-token}; its secrets are the properties {@code IT_<ID>_*} (see {@link #secrets}).
     */
    static void writeCustomer(Path dir, String id) throws IOException {
        String up = id.toUpperCase();
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("customer.yaml"), """
                id: %s
                name: %s Ltd
                timeZone: UTC
                ingest:
                  auth:
                    - type: bearer
                      token: { env: IT_%s_TOKEN }
                notifications:
                  slack:
                    botToken: { env: IT_%s_SLACK }
                    channel: "#%s"
                  pagerduty:
                    routingKey: { env: IT_%s_PD }
                escalation:
                  levels:
                    - channels: [slack]
                    - after: 10m
                      channels: [pagerduty]
                """.formatted(id, id, up, up, id, up));
    }

    static List<String[]> secrets(String id) {
        String up = id.toUpperCase();
        return List.of(new String[] {"IT_" + up + "_TOKEN", id + "-token"},
                new String[] {"IT_" + up + "_SLACK", "xoxb-" + id}, new String[] {"IT_" + up + "_PD", id + "-key"});
    }

    /** Posts one firing generic alert (class unknown: the hub escalates it at once); returns its incident id. */
    String alert(String customer, String fingerprint, String host) throws Exception {
        String body = JSON.createObjectNode().put("status", "firing").put("name", "PeopleProbe")
                .put("alertClass", "unknown").put("severity", "critical").put("summary", "probe on " + host)
                .put("fingerprint", fingerprint).set("resource", JSON.createObjectNode().put("host", host)).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer
                        + "/alerts/generic")).header("Authorization", "Bearer " + customer + "-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        return await().atMost(WAIT).until(() -> get("admin", "/api/v1/alerts/" + alertId).path("incidentId").asText(""),
                id -> !id.isEmpty());
    }

    /** An escalated incident of {@code customer}: a new fingerprint each call. */
    String escalated(String customer, String fingerprint) throws Exception {
        String id = alert(customer, fingerprint, customer + "-web-1");
        awaitState(id, "ESCALATED");
        return id;
    }

    JsonNode incident(String id) throws Exception {
        return get("admin", "/api/v1/incidents/" + id);
    }

    JsonNode awaitState(String id, String state) {
        return await().atMost(WAIT).until(() -> incident(id), i -> i.path("state").asText().equals(state));
    }

    /** The incident's timeline entries of {@code kind}. */
    List<JsonNode> timeline(String id, String kind) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        incident(id).path("timeline").forEach(e -> {
            if (e.path("kind").asText().equals(kind)) {
                entries.add(e);
            }
        });
        return entries;
    }

    JsonNode get(String user, String path) throws Exception {
        HttpResponse<String> r = send(user, HttpRequest.newBuilder(url(path)).GET());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** POSTs JSON ({@code null}: no body) as {@code user} (password {@code <user>-pw}). */
    HttpResponse<String> post(String user, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(user, request);
    }

    HttpResponse<String> send(String user, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a raw request without a login (Slack's interactivity URL). */
    HttpResponse<String> postAnonymous(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
