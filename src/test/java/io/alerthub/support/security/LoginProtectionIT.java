package io.alerthub.support.security;

import static io.alerthub.support.security.OperatorLogins.basic;
import static io.alerthub.support.security.OperatorLogins.xsrf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;
import io.alerthub.support.SettableClock;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Operator logins as an attacker meets them over real HTTP: a session cookie plus a wrong Basic header is not a
 * way around CSRF, repeated failed logins per user and per source address answer 429 without the password being
 * checked, and health details are shown to a logged-in admin only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "alerthub.security.login.max-failures-per-user=3",
        "alerthub.security.login.max-failures-per-address=8",
        "alerthub.security.login.window=10m",
        "alerthub.mail.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:login-protection-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@OperatorTestUsers
class LoginProtectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @DynamicPropertySource
    static void demoReferences(DynamicPropertyRegistry registry) {
        DemoEnvironment.properties(DemoFleetKeys.newClientKey()).forEach((key, value) -> registry.add(key, () -> value));
    }

    @TestConfiguration
    static class ClockConfig {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(START);
        }
    }

    @Autowired
    SettableClock clock;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSessionWithAWrongBasicHeaderStillNeedsTheCsrfToken() throws Exception {
        freshWindow(1);
        String incident = incidentFromIngest();
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        assertThat(formLogin(browser, cookies, "admin", "admin-pw").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));

        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(uri("/api/v1/incidents/" + incident + "/ack"))
                .header("Authorization", basic("admin", "not-the-password"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).as(forged.body()).isIn(401, 403);
        JsonNode untouched = JSON.readTree(get("/api/v1/incidents/" + incident, basic("viewer", "viewer-pw")).body());
        assertThat(untouched.path("acknowledgedBy").isMissingNode() || untouched.path("acknowledgedBy").isNull())
                .as(untouched.toString()).isTrue();

        // the same session with the token is let through, so the refusal above was the missing token
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(uri("/api/v1/incidents/" + incident + "/ack"))
                .header("X-XSRF-TOKEN", xsrf(cookies))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(JSON.readTree(withToken.body()).path("acknowledgedBy").asText()).isEqualTo("admin");
    }

    @Test
    void repeatedFailuresForOneUserAnswer429WithoutCheckingThePassword() throws Exception {
        freshWindow(2);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/v1/alerts", basic("operator", "guess-" + i)).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = get("/api/v1/alerts", basic("operator", "operator-pw"));
        assertThat(locked.statusCode()).as("the right password no longer helps").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(locked.body()).path("status").asInt()).isEqualTo(429);
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        assertThat(formLogin(browser, cookies, "operator", "operator-pw").statusCode()).as("form login too")
                .isEqualTo(429);
        assertThat(get("/api/v1/alerts", basic("viewer", "viewer-pw")).statusCode()).as("other users are not locked")
                .isEqualTo(200);

        clock.set(clock.instant().plus(Duration.ofMinutes(11)));
        assertThat(get("/api/v1/alerts", basic("operator", "operator-pw")).statusCode()).as("after the window")
                .isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginResetsTheUsersFailures() throws Exception {
        freshWindow(3);
        for (int round = 0; round < 2; round++) {
            assertThat(get("/api/v1/alerts", basic("admin", "wrong-1")).statusCode()).isEqualTo(401);
            assertThat(get("/api/v1/alerts", basic("admin", "wrong-2")).statusCode()).isEqualTo(401);
            assertThat(get("/api/v1/alerts", basic("admin", "admin-pw")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAnswer429ForEveryUser() throws Exception {
        freshWindow(4);
        for (int i = 0; i < 8; i++) {
            assertThat(get("/api/v1/alerts", basic("nobody-" + i, "guess")).statusCode()).isEqualTo(401);
        }
        assertThat(get("/api/v1/alerts", basic("viewer", "viewer-pw")).statusCode()).isEqualTo(429);
        assertThat(get("/api/v1/alerts", null).statusCode()).as("no credentials, nothing to limit").isEqualTo(401);
    }

    @Test
    void healthDetailsAreShownToAnAdminOnlyAndTheProbeGroupStaysOpen() throws Exception {
        freshWindow(5);
        JsonNode anonymous = JSON.readTree(get("/actuator/health", null).body());
        JsonNode viewer = JSON.readTree(get("/actuator/health", basic("viewer", "viewer-pw")).body());
        HttpResponse<String> admin = get("/actuator/health", basic("admin", "admin-pw"));

        assertThat(anonymous.has("status")).isTrue();
        assertThat(anonymous.has("components")).isFalse();
        assertThat(viewer.has("components")).isFalse();
        assertThat(JSON.readTree(admin.body()).path("components").has("db")).as(admin.body()).isTrue();
        assertThat(get("/actuator/health/ingest", null).statusCode()).isIn(200, 503);
        assertThat(get("/actuator/health/ingest", null).body()).doesNotContain("components");
    }

    /** Every test starts in its own window, so the failures of one never count in another. */
    private void freshWindow(int test) {
        clock.set(START.plus(Duration.ofHours(test)));
    }

    private String incidentFromIngest() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/customers/demo/alerts/generic"))
                .header("Authorization", "Bearer demo-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"name\":\"csrf target\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        return JSON.readTree(get("/api/v1/alerts/" + alertId, basic("viewer", "viewer-pw")).body())
                .path("incidentId").asText();
    }

    private HttpResponse<String> formLogin(HttpClient browser, CookieManager cookies, String user, String password)
            throws Exception {
        browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", xsrf(cookies))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
