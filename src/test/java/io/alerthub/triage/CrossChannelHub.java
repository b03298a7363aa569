package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * What the cross-channel ITs share: a real GreenMail mailbox on free ports, a customer folder with correlation on that
 * polls it, sending a fixture mail over SMTP, and reading incidents (with their timeline) as an operator does.
 */
public final class CrossChannelHub {
    public static final String CUSTOMER = "corr";
    public static final String TOKEN = "corr-token";
    public static final String ADDRESS = "alerts@corrtest.example";
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int smtp = freePort();
    private final int imap = freePort();
    private final GreenMail mail;
    private final HttpClient http = HttpClient.newHttpClient();

    public CrossChannelHub() {
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(ADDRESS, ADDRESS, TOKEN);
    }

    public void stop() {
        mail.stop();
    }

    /** A customers folder with customer {@code corr}: correlation on, its mailbox on this GreenMail, plus {@code more}. */
    public Path customers(String more) {
        try {
            Path dir = Files.createTempDirectory("cross-channel-customers");
            Path customer = Files.createDirectories(dir.resolve(CUSTOMER));
            Files.writeString(customer.resolve("customer.yaml"), """
                    id: corr
                    name: Correlation Test
                    ingest:
                      auth:
                        - type: bearer
                          token: { env: CORR_TOKEN }
                    mail:
                      protocol: imap
                      host: 127.0.0.1
                      port: %d
                      username: %s
                      password: { env: CORR_TOKEN }
                      pollInterval: 300ms
                    correlation:
                      crossChannel: true
                      within: 10m
                    """.formatted(imap, ADDRESS) + more);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a fixture mail as it is (sendMessage keeps its headers). */
    public void sendMail(String fixture) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(smtp));
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(Files.readAllBytes(FIXTURES.resolve(fixture))));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(ADDRESS)});
        }
    }

    /** The customer's incidents, newest first, as the operator API lists them. */
    public List<JsonNode> incidents(int port) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        get(port, "/api/v1/incidents?customer=" + CUSTOMER + "&limit=100").path("items").forEach(items::add);
        return items;
    }

    /** One incident with its alert ids and timeline. */
    public JsonNode incident(int port, String id) throws Exception {
        return get(port, "/api/v1/incidents/" + id);
    }

    /** The kinds of an incident's timeline entries, in order. */
    public static List<String> kinds(JsonNode incident) {
        List<String> kinds = new ArrayList<>();
        incident.path("timeline").forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    /** The first timeline entry of {@code kind}. */
    public static JsonNode entry(JsonNode incident, String kind) {
        for (JsonNode e : incident.path("timeline")) {
            if (e.path("kind").asText().equals(kind)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " entry in " + incident);
    }

    public JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "demo:demo".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** POSTs {@code body} to {@code path} with the customer's bearer token; the answer. */
    public HttpResponse<String> post(int port, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
