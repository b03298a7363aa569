package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.IncidentState;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.RejectedInput;
import io.alerthub.store.RejectedStore;
import io.alerthub.store.TimelineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The PagerDuty webhook as an attacker meets it, over real HTTP: a huge chunked body is refused at the size limit
 * (unknown customers before a byte is read) and never read to its end; one customer's signing secret cannot
 * acknowledge another customer's incident; a delivery seen before, or older than the replay window, changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:pagerduty-webhook-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h"})
@ActiveProfiles("demo")
class PagerDutyWebhookIT {
    private static final long SIXTY_MB = 60L * 1000 * 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    AlertStore alerts;
    @Autowired
    IncidentStore incidents;
    @Autowired
    TimelineStore timeline;
    @Autowired
    RejectedStore rejected;
    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    static String customer(String id) {
        String up = id.toUpperCase();
        return """
                id: %s
                name: %s Ltd
                timeZone: UTC
                ingest:
                  auth:
                    - type: bearer
                      token: { env: PDIT_%s_TOKEN }
                notifications:
                  pagerduty:
                    routingKey: { env: PDIT_%s_PD }
                    webhookSecrets:
                      - { env: PDIT_%s_PD_WEBHOOK }
                escalation:
                  levels:
                    - channels: [pagerduty]
                """.formatted(id, id, up, up, up);
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws IOException {
        Path dir = tmp.resolve("customers");
        for (String id : List.of("alpha", "bravo")) {
            Files.createDirectories(dir.resolve(id));
            Files.writeString(dir.resolve(id).resolve("customer.yaml"), customer(id));
            String up = id.toUpperCase();
            properties.add("PDIT_" + up + "_TOKEN", () -> id + "-token");
            properties.add("PDIT_" + up + "_PD", () -> id + "-routing-key");
            properties.add("PDIT_" + up + "_PD_WEBHOOK", () -> id + "-webhook-secret");
        }
        properties.add("alerthub.customers.dir", dir::toString);
    }

    @Test
    void aHugeChunkedBodyIsRefusedAtTheLimitNotReadToItsEnd() throws Exception {
        Streamed known = streamChunked("/api/v1/customers/alpha/pagerduty", "v1=" + "0".repeat(64));
        assertThat(known.status()).as(known.toString()).isEqualTo(413);
        assertThat(known.sentWhenAnswered()).as("answered while the client was still sending").isLessThan(SIXTY_MB / 4);
        assertThat(known.sentInAll()).as("the server stopped taking the body").isLessThan(SIXTY_MB);

        Streamed disguised = streamChunked("/api/v1/customers/alpha/pagerdut%79;x=1", "v1=" + "0".repeat(64));
        assertThat(disguised.status()).as("an encoded path is guarded too").isEqualTo(413);
        assertThat(disguised.sentInAll()).isLessThan(SIXTY_MB);

        Streamed unknown = streamChunked("/api/v1/customers/no-such-customer/pagerduty", "v1=" + "0".repeat(64));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(401);
        assertThat(unknown.sentInAll()).isLessThan(SIXTY_MB);

        Streamed unsigned = streamChunked("/api/v1/customers/alpha/pagerduty", null);
        assertThat(unsigned.status()).as("no signature: refused before reading").isEqualTo(401);
        assertThat(unsigned.sentInAll()).isLessThan(SIXTY_MB);

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(rejected.list("no-such-customer", null, null, 10).items()).isEmpty();
    }

    @Test
    void anotherCustomersSecretCannotAcknowledgeThisCustomersIncident() throws Exception {
        String incidentId = escalatedIncident("alpha", "cross-customer-1");
        double before = counter("foreign_incident");

        HttpResponse<String> foreign = webhook("bravo", ack("evt-foreign-1", incidentId, Instant.now()), "bravo");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(202);
        assertThat(JSON.readTree(foreign.body()).path("applied").asBoolean()).isFalse();
        HttpResponse<String> nowhere = webhook("bravo", ack("evt-foreign-2", "no-such-incident", Instant.now()), "bravo");
        assertThat((JsonNode) ((ObjectNode) JSON.readTree(foreign.body())).without("incidentId"))
                .as("answered like an incident that does not exist")
                .isEqualTo((JsonNode) ((ObjectNode) JSON.readTree(nowhere.body())).without("incidentId"));
        assertThat(incidents.find(incidentId).orElseThrow().state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(timeline.list(incidentId)).noneMatch(e -> e.kind().equals("acknowledged"));
        assertThat(counter("foreign_incident")).isEqualTo(before + 1);
        List<RejectedInput> kept = rejected.list("bravo", "foreign_incident", null, 10).items();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).channel()).isEqualTo("pagerduty");
        assertThat(kept.get(0).detail()).contains(incidentId);

        HttpResponse<String> own = webhook("alpha", ack("evt-own-1", incidentId, Instant.now()), "alpha");
        assertThat(JSON.readTree(own.body()).path("applied").asBoolean()).as(own.body()).isTrue();
        assertThat(incidents.find(incidentId).orElseThrow().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    }

    @Test
    void aReplayedOrOldDeliveryChangesNothing() throws Exception {
        String incidentId = escalatedIncident("alpha", "replay-1");
        String delivery = ack("evt-replay-1", incidentId, Instant.now());
        HttpResponse<String> first = webhook("alpha", delivery, "alpha");
        assertThat(JSON.readTree(first.body()).path("applied").asBoolean()).as(first.body()).isTrue();

        HttpResponse<String> replay = webhook("alpha", delivery, "alpha");
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(replay.body()).path("applied").asBoolean()).isFalse();
        assertThat(JSON.readTree(replay.body()).path("reason").asText()).isEqualTo("delivery received before");
        assertThat(timeline.list(incidentId)).filteredOn(e -> e.kind().equals("acknowledged")).hasSize(1);

        String other = escalatedIncident("alpha", "replay-2");
        HttpResponse<String> old = webhook("alpha",
                ack("evt-old-1", other, Instant.now().minus(Duration.ofHours(2))), "alpha");
        assertThat(old.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(old.body()).path("applied").asBoolean()).isFalse();
        assertThat(JSON.readTree(old.body()).path("reason").asText()).contains("outside the accepted window");
        assertThat(incidents.find(other).orElseThrow().state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(rejected.list("alpha", "stale_delivery", null, 10).items()).hasSize(1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** An alert for {@code customer} whose incident has escalated (no scenario binds it). */
    private String escalatedIncident(String customer, String host) throws Exception {
        String alert = "{\"status\":\"firing\",\"name\":\"PdProbe\",\"resource\":{\"host\":\"" + host + "\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer + "/alerts/generic"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer + "-token")
                .POST(HttpRequest.BodyPublishers.ofString(alert)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        String incidentId = alerts.find(alertId).orElseThrow().incidentId();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> incidents.find(incidentId).orElseThrow().state() == IncidentState.ESCALATED);
        return incidentId;
    }

    static String ack(String eventId, String incidentKey, Instant occurredAt) {
        return """
                {"event":{"id":"%s","event_type":"incident.acknowledged","resource_type":"incident",\
                "occurred_at":"%s","agent":{"id":"PLH1HKV","summary":"Oncall Person","type":"user_reference"},\
                "data":{"id":"PGR0VU2","type":"incident","status":"acknowledged","incident_key":"%s"}}}"""
                .formatted(eventId, occurredAt, incidentKey);
    }

    private HttpResponse<String> webhook(String customer, String body, String signedBy) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer + "/pagerduty"))
                .header("Content-Type", "application/json")
                .header("X-PagerDuty-Signature", PagerDutyWebhookVerifierTest.sign(
                        (signedBy + "-webhook-secret").getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double counter(String reason) {
        Counter c = meters.find("alerthub.ingest.rejected").tag("channel", "pagerduty").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** What streaming a 60 MB chunked body gave: the answer, bytes sent when it came, bytes sent before giving up. */
    record Streamed(int status, long sentWhenAnswered, long sentInAll) {
    }

    /**
     * Sends up to 60 MB of zeros in 64 KiB chunks on a raw connection while reading the answer on another thread;
     * the sender stops when the server closes the connection.
     */
    private Streamed streamChunked(String path, String signature) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + (signature == null ? "" : "X-PagerDuty-Signature: " + signature + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Long> sender = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < SIXTY_MB) {
                        out.write(size);
                        out.write(chunk);
                        out.write(crlf);
                        sent.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByServer) {
                    // the server refused the rest: what we wanted
                }
                return sent.get();
            });
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            long whenAnswered = sent.get();
            long inAll = sender.get(60, TimeUnit.SECONDS);
            assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
            return new Streamed(Integer.parseInt(statusLine.split(" ")[1]), whenAnswered, inAll);
        }
    }
}
