package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Jolokia and Hawtio as an attacker with a login would use them, over real HTTP: no request makes the hub open a
 * connection anywhere (JSR-160 proxy mode, Hawtio's proxy servlet), and operators act on single routes only, never on
 * the whole CamelContext.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.name=jolokia-it",
        "alerthub.mail.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:jolokia-hardening-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@OperatorTestUsers
class JolokiaHardeningIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void demoReferences(DynamicPropertyRegistry registry) {
        DemoEnvironment.properties(DemoFleetKeys.newClientKey()).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** A route to stop and start through Jolokia. */
    @TestConfiguration
    static class Routes {
        @Bean
        RouteBuilder jolokiaTestRoutes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:jolokia-test?period=60000").routeId("jolokia-test.ticker").log("tick");
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newHttpClient();

    /** MBean names carry the management name, which Camel changes when another test's context holds the name. */
    private String contextMBean() {
        return "org.apache.camel:context=%s,type=context,name=\\\"%s\\\"".formatted(camel.getManagementName(),
                camel.getName());
    }

    private String routeMBean() {
        return "org.apache.camel:context=%s,type=routes,name=\\\"jolokia-test.ticker\\\"".formatted(
                camel.getManagementName());
    }

    /** Stands for any host the attacker wants the hub to reach: it counts the connections it is offered. */
    private ServerSocket trap;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void openTrap() throws IOException {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket ignored = trap.accept()) {
                    // closed at once, so a client that did connect fails fast instead of waiting for a handshake
                    connections.incrementAndGet();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    connections.incrementAndGet();
                }
            }
        }, "jolokia-it-trap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void closeTrap() throws IOException {
        trap.close();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String user, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode jolokia(String user, String body) throws Exception {
        HttpResponse<String> response = post("/actuator/jolokia", user, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void assertTrapNeverConnected() {
        // the request has been answered; give a late connection attempt a bounded chance to show up
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(connections.get()).as("connections to the trap").isZero());
    }

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource({
            "viewer,   /actuator/jolokia",
            "operator, /actuator/jolokia",
            "admin,    /actuator/jolokia",
            "viewer,   /actuator/hawtio/jolokia",
            "operator, /actuator/hawtio/jolokia",
            "admin,    /actuator/hawtio/jolokia"})
    void noJolokiaRequestMakesTheHubConnectToATarget(String user, String path) throws Exception {
        HttpResponse<String> response = post(path, user, """
                {"type":"read","mbean":"java.lang:type=Memory","attribute":"HeapMemoryUsage",
                 "target":{"url":"service:jmx:rmi:///jndi/rmi://127.0.0.1:%d/jmxrmi"}}""".formatted(trap.getLocalPort()));

        assertTrapNeverConnected();
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("status").asInt()).as(response.body()).isEqualTo(403);
        assertThat(answer.has("value")).as("no value read from anywhere: " + response.body()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"viewer", "operator", "admin"})
    void hawtiosProxyServletDoesNotReachLocalPorts(String user) throws Exception {
        HttpResponse<String> response = post("/actuator/hawtio/proxy/http/127.0.0.1/" + trap.getLocalPort() + "/jolokia",
                user, "{\"type\":\"version\"}");

        assertTrapNeverConnected();
        assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void operatorCannotStopTheCamelContext() throws Exception {
        JsonNode stop = jolokia("operator", """
                {"type":"exec","mbean":"%s","operation":"stop()"}""".formatted(contextMBean()));
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(403);

        JsonNode suspend = jolokia("operator", """
                {"type":"exec","mbean":"%s","operation":"suspend()"}""".formatted(contextMBean()));
        assertThat(suspend.path("status").asInt()).as(suspend.toString()).isEqualTo(403);

        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("jolokia-test.ticker")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void operatorStopsAndStartsOneRoute() throws Exception {
        JsonNode stop = jolokia("operator", """
                {"type":"exec","mbean":"%s","operation":"stop()"}""".formatted(routeMBean()));
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("jolokia-test.ticker")).isEqualTo(ServiceStatus.Stopped);

        JsonNode start = jolokia("operator", """
                {"type":"exec","mbean":"%s","operation":"start()"}""".formatted(routeMBean()));
        assertThat(start.path("status").asInt()).as(start.toString()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("jolokia-test.ticker")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getStatus()).isEqualTo(ServiceStatus.Started);
    }
}
