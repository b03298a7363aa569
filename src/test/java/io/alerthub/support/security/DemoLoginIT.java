package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo profile's documented logins: {@code curl -u demo:demo .../actuator/hawtio/} works, as an admin; acme / acme
 * is an operator of customer acme only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:demo-login-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
@ActiveProfiles("demo")
class DemoLoginIT {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder hawtio() {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/hawtio/"));
    }

    @Test
    void demoDemoOpensTheConsole() throws Exception {
        assertThat(send(hawtio(), "demo", "demo").statusCode()).isEqualTo(200);
        assertThat(send(hawtio(), "demo", "wrong").statusCode()).isEqualTo(401);
        assertThat(send(hawtio(), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void acmeAcmeIsAnOperatorOfCustomerAcmeOnly() throws Exception {
        URI incidents = URI.create("http://localhost:" + port + "/api/v1/incidents?customer=demo");
        HttpResponse<String> list = send(HttpRequest.newBuilder(incidents), "acme", "acme");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(list.body()).path("items")).isEmpty();
        assertThat(send(hawtio(), "acme", "acme").statusCode()).as("Hawtio shows every customer").isEqualTo(403);

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/customers/demo/alerts/generic"))
                .header("Authorization", "Bearer demo-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"name\":\"DemoOnly\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String alertId = new ObjectMapper().readTree(accepted.body()).path("alertIds").get(0).asText();
        URI alert = URI.create("http://localhost:" + port + "/api/v1/alerts/" + alertId);
        assertThat(send(HttpRequest.newBuilder(alert), "demo", "demo").statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(alert), "acme", "acme").statusCode()).as("a demo alert")
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(incidents), "acme", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void demoIsAnAdmin() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}")),
                "demo", "demo");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("status").asInt()).as("an admin-only attribute: " + response.body()).isEqualTo(200);
        assertThat(body.path("value").isArray()).isTrue();
    }
}
