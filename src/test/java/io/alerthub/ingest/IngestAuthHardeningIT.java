package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Ingest credentials as an attacker meets them over real HTTP on the demo profile: a credential is read only from
 * request headers (never from the query string, where it would leak into URL logs), a signed HMAC request is accepted
 * once (a replay inside the timestamp window is refused), and the demo hub listens on loopback only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ingest-auth-hardening-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.dir=src/test/resources/customers-fixtures/auth",
        "ACME_TOKEN=acme-token",
        "ACME_HMAC=acme-hmac-secret"})
@ActiveProfiles("demo")
class IngestAuthHardeningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void aBearerTokenInTheQueryStringIsRefused() throws Exception {
        HttpResponse<String> r = send("/api/v1/customers/demo/alerts/generic?Authorization="
                + URLEncoder.encode("Bearer demo-token", StandardCharsets.UTF_8), Map.of(), alert("query-token"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).has("detail")).isFalse();
        assertThat(alertsNamed("demo", "query-token")).isZero();
    }

    @Test
    void hmacHeadersInTheQueryStringAreRefused() throws Exception {
        String body = alert("query-hmac");
        String query = signed(body, Instant.now()).entrySet().stream()
                .map(h -> h.getKey() + "=" + URLEncoder.encode(h.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));

        HttpResponse<String> r = send("/api/v1/customers/acme/alerts/generic?" + query, Map.of(), body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(alertsNamed("acme", "query-hmac")).isZero();
    }

    @Test
    void theCustomerIsTakenFromThePathNotFromTheQueryString() throws Exception {
        HttpResponse<String> r = send("/api/v1/customers/acme/alerts/generic?customerId=demo",
                Map.of("Authorization", "Bearer demo-token"), alert("query-customer"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(alertsNamed("demo", "query-customer")).isZero();
    }

    @Test
    void theSameSignedRequestTwiceIsAcceptedOnceAndTheReplayRefused() throws Exception {
        String body = alert("replayed-hmac");
        Map<String, String> headers = signed(body, Instant.now());

        HttpResponse<String> first = send("/api/v1/customers/acme/alerts/generic", headers, body);
        HttpResponse<String> replay = send("/api/v1/customers/acme/alerts/generic", headers, body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
        assertThat(JSON.readTree(replay.body()).has("detail")).as("no detail leaked").isFalse();
        assertThat(alertsNamed("acme", "replayed-hmac")).isEqualTo(1);

        // a new signature (new timestamp) over the same body is a new delivery, not a replay
        HttpResponse<String> resent = send("/api/v1/customers/acme/alerts/generic",
                signed(body, Instant.now().plusSeconds(1)), body);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
    }

    @Test
    void theDemoProfileListensOnLoopbackOnly() {
        InetAddress address = (InetAddress) ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .getProperty("address");
        assertThat(address).as("server.address of the demo profile").isNotNull();
        assertThat(address.isLoopbackAddress()).as(address.toString()).isTrue();
    }

    private static String alert(String name) {
        return "{\"status\":\"firing\",\"name\":\"" + name + "\"}";
    }

    private HttpResponse<String> send(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long alertsNamed(String customer, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/alerts?customer=" + customer + "&limit=500"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(r.body()).path("items");
        return items.findValuesAsText("name").stream().filter(name::equals).count();
    }

    private static Map<String, String> signed(String body, Instant at) throws Exception {
        String timestamp = String.valueOf(at.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("acme-hmac-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return Map.of("X-AlertHub-Timestamp", timestamp, "X-AlertHub-Signature", signature);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
