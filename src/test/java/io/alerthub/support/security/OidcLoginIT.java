package io.alerthub.support.security;

import static io.alerthub.support.security.OperatorLogins.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Login through an OpenID Connect identity provider (Spring Authorization Server, started inside the test) over
 * real HTTP, as a browser does it: the person's IdP groups give hub roles and customers; a person in no mapped group
 * is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:oidc-login-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "camel.main.name=oidc-login-it",
        "alerthub.customers.reload-interval=0",
        "alerthub.mail.enabled=false",
        "alerthub.sqs.enabled=false",
        "alerthub.outbox.enabled=false",
        "alerthub.security.users[0].username=admin",
        "alerthub.security.users[0].password.env=OIDC_IT_ADMIN_PASSWORD",
        "alerthub.security.users[0].roles=admin",
        "OIDC_IT_ADMIN_PASSWORD=admin-pw",
        "alerthub.security.oidc.enabled=true",
        "alerthub.security.oidc.groups[0].group=acme-ops",
        "alerthub.security.oidc.groups[0].roles=operator",
        "alerthub.security.oidc.groups[0].customers=acme",
        "alerthub.security.oidc.groups[1].group=msp-admins",
        "alerthub.security.oidc.groups[1].roles=admin",
        "spring.security.oauth2.client.registration.idp.client-id=hub",
        "spring.security.oauth2.client.registration.idp.client-secret=hub-secret",
        "spring.security.oauth2.client.registration.idp.scope=openid"})
class OidcLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Map<String, String> INCIDENTS = new TreeMap<>();

    @TempDir
    static Path tmp;

    static TestIdentityProvider.Running idp;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws IOException {
        idp = TestIdentityProvider.start();
        properties.add("spring.security.oauth2.client.provider.idp.issuer-uri", idp::issuer);
        TwoCustomers.write(tmp.resolve("customers"), "OIDC_IT", "", List.of("acme", "bravo"), properties);
    }

    @AfterAll
    static void stopProvider() {
        if (idp != null) {
            idp.close();
        }
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void oneIncidentPerCustomer() throws Exception {
        idp.registerHub(hub(""));
        if (!INCIDENTS.isEmpty()) {
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String customer : List.of("acme", "bravo")) {
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(hub("/api/v1/customers/"
                            + customer + "/alerts/generic")))
                    .header("Authorization", "Bearer " + customer + "-token")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"name\":\"Oidc" + customer
                            + "\",\"fingerprint\":\"oidc-" + customer + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String alertId = JSON.readTree(accepted.body()).path("alertIds").get(0).asText();
            String incidentId = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(http.send(
                    HttpRequest.newBuilder(URI.create(hub("/api/v1/alerts/" + alertId)))
                            .header("Authorization", basic("admin", "admin-pw")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("incidentId").asText(null), id -> id != null);
            INCIDENTS.put(customer, incidentId);
        }
    }

    @Test
    void aPersonInAMappedGroupGetsItsRoleAndOnlyItsCustomers() throws Exception {
        HttpClient alice = logIn("alice");

        HttpResponse<String> list = get(alice, "/api/v1/incidents");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(customersIn(list)).containsExactly("acme");
        assertThat(get(alice, "/api/v1/incidents/" + INCIDENTS.get("acme")).statusCode()).isEqualTo(200);
        assertThat(get(alice, "/api/v1/incidents/" + INCIDENTS.get("bravo")).statusCode()).isEqualTo(404);
        assertThat(get(alice, "/actuator/metrics").statusCode()).as("limited to acme: no actuator").isEqualTo(403);
        assertThat(JSON.readTree(get(alice, "/api/v1/incidents/" + INCIDENTS.get("acme")).body())
                .path("customerId").asText()).isEqualTo("acme");
    }

    @Test
    void anAdminGroupSeesEveryCustomer() throws Exception {
        HttpClient bob = logIn("bob");

        assertThat(customersIn(get(bob, "/api/v1/incidents"))).containsExactly("acme", "bravo");
        assertThat(get(bob, "/actuator/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonInNoMappedGroupIsRefused() throws Exception {
        HttpClient carol = browser();
        HttpResponse<String> end = logIn(carol, "carol");

        assertThat(end.uri().toString()).as("back at the hub's login page with an error")
                .startsWith(hub("/login?error"));
        assertThat(get(carol, "/api/v1/incidents").statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginPageOffersTheProviderNextToThePasswordForm() throws Exception {
        HttpResponse<String> page = get(browser(), "/login");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/oauth2/authorization/idp", "name=\"password\"");
    }

    private HttpClient logIn(String person) throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> end = logIn(browser, person);
        assertThat(end.uri().toString()).as("back at the hub").startsWith(hub("/"));
        return browser;
    }

    /** Starts at the hub, logs in at the provider's form, and follows the redirects back to the hub. */
    private HttpResponse<String> logIn(HttpClient browser, String person) throws Exception {
        HttpResponse<String> form = browser.send(page(hub("/oauth2/authorization/idp")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.uri().toString()).as("at the provider's login form").startsWith(idp.issuer() + "/login");
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        String fields = "username=" + person + "&password=" + person + "-pw&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(page(form.uri().toString())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static HttpRequest.Builder page(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(hub(path))).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> customersIn(HttpResponse<String> response) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : JSON.readTree(response.body()).path("items")) {
            ids.add(item.path("customerId").asText());
        }
        return ids.stream().distinct().sorted().toList();
    }

    /** The hub on 127.0.0.1 (the provider is on localhost: separate cookies). */
    private String hub(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
