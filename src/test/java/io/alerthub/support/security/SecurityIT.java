package io.alerthub.support.security;

import static io.alerthub.support.security.OperatorLogins.basic;
import static io.alerthub.support.security.OperatorLogins.xsrf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The security chains end to end over real HTTP: who gets into the operator API, actuator, Hawtio and Jolokia,
 * what each role may do through Jolokia, and that machine ingest is left to the routes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.name=hub",
        "DEMO_TOKEN=security-it-token",
        "DEMO_MAIL_PASSWORD=security-it-mail",
        "alerthub.mail.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:security-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@AutoConfigureObservability
@OperatorTestUsers
class SecurityIT {

    private static final String ROUTE_MBEAN = "org.apache.camel:context=hub,type=routes,name=\"test.ticker\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** customers/demo names its secrets by reference; outside the demo profile nothing sets them. */
    @DynamicPropertySource
    static void demoReferences(DynamicPropertyRegistry registry) {
        // the test's own DEMO_TOKEN (in @SpringBootTest properties) stays
        DemoEnvironment.properties(DemoFleetKeys.newClientKey()).entrySet().stream()
                .filter(p -> !p.getKey().equals("DEMO_TOKEN"))
                .forEach(p -> registry.add(p.getKey(), p::getValue));
    }

    /** Test-only routes: one to look at and stop through Jolokia, one that reports who called it. */
    @TestConfiguration
    static class Routes {
        @Bean
        RouteBuilder securityTestRoutes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:security-test?period=60000").routeId("test.ticker").log("tick");
                    from("platform-http:/api/v1/test/whoami?httpMethodRestrict=GET").routeId("test.whoami")
                            .process(exchange -> exchange.getMessage().setBody(
                                    SecurityContextHolder.getContext().getAuthentication() == null
                                            ? "nobody"
                                            : SecurityContextHolder.getContext().getAuthentication().getName()));
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JolokiaRoleRestrictor restrictor;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return send(request);
    }

    private JsonNode jolokia(String user, String password, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Authorization", basic(user, password))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode readRouteState(String user, String password) throws Exception {
        return jolokia(user, password, """
                {"type":"read","mbean":"%s","attribute":"State"}""".formatted(ROUTE_MBEAN.replace("\"", "\\\"")));
    }

    private JsonNode execOnRoute(String user, String password, String operation) throws Exception {
        return jolokia(user, password, """
                {"type":"exec","mbean":"%s","operation":"%s"}""".formatted(ROUTE_MBEAN.replace("\"", "\\\""), operation));
    }

    @Test
    void healthAndInfoAreOpen() throws Exception {
        assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null, null).statusCode()).isIn(200, 404);
        assertThat(get("/actuator/info", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusNeedsALogin() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/prometheus", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Alert Hub\"");

        HttpResponse<String> viewer = get("/actuator/prometheus", "viewer", "viewer-pw");
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(viewer.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void operatorApiNeedsALoginAndAnswersProblemDetails() throws Exception {
        HttpResponse<String> anonymous = get("/api/v1/alerts", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
        assertThat(JSON.readTree(anonymous.body()).path("status").asInt()).isEqualTo(401);

        assertThat(get("/api/v1/alerts", "viewer", "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = get("/api/v1/alerts", "viewer", "viewer-pw");
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(viewer.body()).has("items")).isTrue();
    }

    @Test
    void incidentActionsNeedTheOperatorRole() throws Exception {
        HttpRequest.Builder ack = HttpRequest.newBuilder(uri("/api/v1/incidents/42/ack"))
                .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> viewer = send(ack.copy().header("Authorization", basic("viewer", "viewer-pw")));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(viewer.body()).path("detail").asText()).isEqualTo("your role does not allow this request");

        assertThat(send(ack.copy().header("Authorization", basic("operator", "operator-pw"))).statusCode())
                .isNotIn(401, 403);
        assertThat(send(ack.copy().header("Authorization", basic("admin", "admin-pw"))).statusCode())
                .isNotIn(401, 403);

        HttpRequest.Builder anyOtherWrite = HttpRequest.newBuilder(uri("/api/v1/customers-admin/x"))
                .DELETE().header("Authorization", basic("operator", "operator-pw"));
        assertThat(send(anyOtherWrite).statusCode()).isEqualTo(403);
    }

    @Test
    void ingestIsLeftToTheRoutes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/customers/demo/alerts/generic"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer security-it-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"name\":\"disk full\"}")));
        // No operator login, no CSRF token: the route's own per-customer token check lets it in.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().allValues("Set-Cookie")).as("stateless, no CSRF cookie").isEmpty();
    }

    @Test
    void hawtioConsoleIsBehindTheLogin() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/hawtio/", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> browser = send(HttpRequest.newBuilder(uri("/actuator/hawtio/"))
                .header("Accept", "text/html,application/xhtml+xml").header("Sec-Fetch-Mode", "navigate"));
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> viewer = get("/actuator/hawtio/", "viewer", "viewer-pw");
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(viewer.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void jolokiaIsBehindTheLoginAndPostOnly() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")));
        assertThat(anonymous.statusCode()).as("told to log in, not about the csrf token").isEqualTo(401);

        // A GET exec URL could be planted as a link or an image and would carry the session without CSRF.
        HttpResponse<String> getExec = get("/actuator/jolokia/exec/"
                + "org.apache.camel:context=hub,type=routes,name=%22test.ticker%22/stop()", "admin", "admin-pw");
        assertThat(JSON.readTree(getExec.body()).path("status").asInt()).as(getExec.body()).isEqualTo(403);
        assertThat(readRouteState("viewer", "viewer-pw").path("value").asText()).isEqualTo("Started");

        assertThat(jolokia("viewer", "viewer-pw", "{\"type\":\"version\"}").path("status").asInt()).isEqualTo(200);

        // Hawtio's own alias forwards to the agent; the forward is authorized again and the restrictor still applies.
        HttpResponse<String> viaHawtio = send(HttpRequest.newBuilder(uri("/actuator/hawtio/jolokia"))
                .header("Authorization", basic("viewer", "viewer-pw"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type":"exec","mbean":"%s","operation":"stop()"}""".formatted(ROUTE_MBEAN.replace("\"", "\\\"")))));
        assertThat(viaHawtio.statusCode()).as(viaHawtio.body()).isEqualTo(200);
        assertThat(JSON.readTree(viaHawtio.body()).path("status").asInt()).as(viaHawtio.body()).isEqualTo(403);
    }

    @Test
    void viewerReadsRoutesButCannotStopThem() throws Exception {
        JsonNode pattern = jolokia("viewer", "viewer-pw",
                "{\"type\":\"read\",\"mbean\":\"org.apache.camel:type=routes,*\",\"attribute\":\"State\"}");
        assertThat(pattern.path("status").asInt()).as(pattern.toString()).isEqualTo(200);
        assertThat(pattern.path("value").path(ROUTE_MBEAN).path("State").asText()).isEqualTo("Started");

        JsonNode stop = execOnRoute("viewer", "viewer-pw", "stop()");
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(403);
        assertThat(readRouteState("viewer", "viewer-pw").path("value").asText()).isEqualTo("Started");

        JsonNode write = jolokia("operator", "operator-pw", """
                {"type":"write","mbean":"%s","attribute":"Tracing","value":true}"""
                .formatted(ROUTE_MBEAN.replace("\"", "\\\"")));
        assertThat(write.path("status").asInt()).as("operators do not write attributes").isEqualTo(403);
    }

    @Test
    void operatorAndAdminStopAndStartRoutes() throws Exception {
        JsonNode stop = execOnRoute("operator", "operator-pw", "stop()");
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
        assertThat(readRouteState("viewer", "viewer-pw").path("value").asText()).isEqualTo("Stopped");

        JsonNode start = execOnRoute("admin", "admin-pw", "start()");
        assertThat(start.path("status").asInt()).as(start.toString()).isEqualTo(200);
        assertThat(readRouteState("viewer", "viewer-pw").path("value").asText()).isEqualTo("Started");
    }

    @Test
    void routesSeeTheLoggedInUserOnTheirOwnThread() throws Exception {
        HttpResponse<String> response = get("/api/v1/test/whoami", "operator", "operator-pw");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("operator");
    }

    @Test
    void browserSessionNeedsTheCsrfTokenFromTheCookie() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).isEqualTo(200);

        String form = "username=operator&password=" + URLEncoder.encode("operator-pw", StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", xsrf(cookies))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));

        HttpRequest.Builder version = HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}"));
        HttpResponse<String> withoutToken = browser.send(version.copy().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("csrf");

        HttpResponse<String> withToken = browser.send(version.copy().header("X-XSRF-TOKEN", xsrf(cookies)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.headers() + " " + withToken.body()).isEqualTo(200);
        assertThat(JSON.readTree(withToken.body()).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void basicCredentialsDoNotExemptCrossSiteBrowserRequestsFromCsrf() throws Exception {
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/api/v1/incidents/42/ack"))
                .header("Authorization", basic("operator", "operator-pw"))
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("csrf");
    }
}
