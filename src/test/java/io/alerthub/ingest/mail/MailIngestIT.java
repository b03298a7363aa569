package io.alerthub.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.alerthub.model.RawPayload;
import io.alerthub.normalize.mail.MailAlerts;
import io.alerthub.support.Ids;
import io.alerthub.triage.Intake;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The mail path end to end against a real IMAP/SMTP server (GreenMail on free ports): mails sent over SMTP become
 * alerts readable in the operator API and are filed (processed or quarantined), a restart in the middle of a batch
 * loses and duplicates nothing, and a mailbox outage shows DOWN, raises the hub's own alert, then recovers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mail-ingest-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.mail.enabled=true",
        "alerthub.mail.down-alert-after=1s",
        "alerthub.mail.backoff-multiplier=2",
        "alerthub.mail.timeout=2s",
        "MAILTEST_PASSWORD=secret-pw"})
@ActiveProfiles("demo")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailIngestIT {
    static final String CUSTOMER = "mailtest";
    static final String ADDRESS = "alerts@mailtest.example";
    static final Path CORPUS = Path.of("src/test/resources/fixtures/mail-corpus");
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/mail");
    static final int SMTP = freePort();
    static final int IMAP = freePort();
    static GreenMail server = startServer();
    static final Path CUSTOMERS = customersDir();

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    MailAlerts mailAlerts;
    @Autowired
    Intake intake;
    @Autowired
    MailboxHealth health;

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry registry) {
        registry.add("alerthub.customers.dir", CUSTOMERS::toString);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    @Order(1)
    void everyAlertMailBecomesAnAlertAndIsFiled() throws Exception {
        List<Path> mails = alertMails();
        for (Path mail : mails) {
            send(bytes(mail));
        }
        send(Files.readAllBytes(FIXTURES.resolve("unknown-ja-no-message-id.eml")));

        await().atMost(Duration.ofSeconds(30)).until(() -> mailAlerts().size() >= mails.size() + 1);
        List<JsonNode> alerts = mailAlerts();
        assertThat(alerts).hasSize(mails.size() + 1);
        for (JsonNode alert : alerts) {
            assertThat(alert.path("source").path("kind").asText()).isEqualTo("mail");
            assertThat(alert.path("name").asText()).isNotBlank();
            assertThat(alert.path("status").asText()).isIn("firing", "resolved");
            assertThat(alert.path("severity").asText()).isIn("critical", "error", "warning", "info");
            if (!alert.path("source").path("format").asText().equals("unknown")) {
                assertThat(alert.path("resource").path("host").asText()).as(alert.toString()).isNotBlank();
            }
        }
        JsonNode unknown = alerts.stream().filter(a -> a.path("source").path("format").asText().equals("unknown"))
                .findFirst().orElseThrow();
        assertThat(unknown.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(unknown.path("name").asText()).isEqualTo("メンテナンスのお知らせ");
        assertThat(unknown.path("summary").asText()).contains("someone@partner.example");
        assertThat(unknown.path("description").asText()).contains("来週のメンテナンス日程");
        assertThat(alerts.stream().map(a -> a.path("source").path("format").asText()).distinct())
                .contains("nagios", "icinga", "zabbix", "cloudwatch", "mackerel", "unknown");

        await().atMost(Duration.ofSeconds(10)).until(() -> count("INBOX") == 0);
        assertThat(count("Processed")).isEqualTo(mails.size());
        assertThat(count("Quarantine")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aRestartInTheMiddleOfABatchLosesAndDuplicatesNothing() throws Exception {
        String route = MailboxRoutes.routeId(CUSTOMER);
        camel.getRouteController().stopRoute(route);
        assertThat(count("INBOX")).isZero();
        int before = mailAlerts().size();
        for (int i = 0; i < 6; i++) {
            send(nagios("restart-" + i));
        }
        // the crash: the first three were committed to the inbox, but the hub died before marking them seen
        List<byte[]> inbox = fetchUnseen();
        assertThat(inbox.size()).isEqualTo(6);
        for (byte[] raw : inbox.subList(0, 3)) {
            intake.store(mailAlerts.normalize(new RawPayload(Ids.next(), CUSTOMER, "mail", "mail", "message/rfc822",
                    Instant.now(), raw)));
        }
        assertThat(mailAlerts()).hasSize(before + 3);

        camel.getRouteController().startRoute(route);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("INBOX") == 0);
        List<String> hosts = mailAlerts().stream().map(a -> a.path("resource").path("host").asText())
                .filter(h -> h.startsWith("restart-")).sorted().toList();
        assertThat(hosts).containsExactly("restart-0", "restart-1", "restart-2", "restart-3", "restart-4",
                "restart-5");
    }

    @Test
    @Order(3)
    void aMailboxOutageShowsDownRaisesAnAlertAndLosesNothing() throws Exception {
        server.stop();

        await().atMost(Duration.ofSeconds(30)).until(() -> mailboxStatus().equals("DOWN"));
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(hubHealth()).isEqualTo("DOWN");
        await().atMost(Duration.ofSeconds(30)).until(() -> internalAlerts().stream()
                .anyMatch(a -> a.path("status").asText().equals("firing")));
        JsonNode down = internalAlerts().get(0);
        assertThat(down.path("customerId").asText()).isEqualTo(CUSTOMER);
        assertThat(down.path("alertClass").asText()).isEqualTo("mailbox_down");
        assertThat(metrics()).contains("alerthub_mail_poll_failures_total{customer=\"" + CUSTOMER + "\"}");

        server = startServer();
        send(nagios("after-outage"));

        await().atMost(Duration.ofSeconds(60)).until(() -> mailAlerts().stream()
                .anyMatch(a -> a.path("resource").path("host").asText().equals("after-outage")));
        await().atMost(Duration.ofSeconds(10)).until(() -> mailboxStatus().equals("UP"));
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(10)).until(() -> internalAlerts().stream()
                .anyMatch(a -> a.path("status").asText().equals("resolved")));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static List<Path> alertMails() throws IOException {
        List<Path> mails = new ArrayList<>();
        for (String dir : List.of("nagios", "icinga", "cloudwatch-email")) {
            try (Stream<Path> files = Files.list(CORPUS.resolve(dir))) {
                files.sorted().forEach(mails::add);
            }
        }
        try (Stream<Path> files = Files.list(FIXTURES)) {
            // mails only: the folder's README names the documents the fixtures were built from
            files.filter(p -> p.getFileName().toString().endsWith(".eml"))
                    .filter(p -> !p.getFileName().toString().startsWith("unknown")
                    && !p.getFileName().toString().startsWith("rule")).sorted().forEach(mails::add);
        }
        return mails;
    }

    /** The mail's bytes; the CloudWatch sample is a body only, so it gets the headers SNS e-mail puts on it. */
    static byte[] bytes(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        if (!file.toString().endsWith(".txt")) {
            return body;
        }
        String headers = "From: AWS Notifications <no-reply@sns.amazonaws.com>\r\nTo: " + ADDRESS + "\r\n"
                + "Subject: ALARM: \"CIS.3.10\" in US East (N. Virginia)\r\nMessage-ID: <cw-cis310@sns.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] nagios(String host) {
        return ("From: nagios@mailtest.example\r\nTo: " + ADDRESS + "\r\nSubject: ** PROBLEM alert - " + host
                + " host is DOWN **\r\nMessage-ID: <" + host + "@mailtest.example>\r\n\r\n***** Nagios *****\r\n\r\n"
                + "Notification Type: PROBLEM\r\nHost: " + host + "\r\nState: DOWN\r\nInfo: PING CRITICAL\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the bytes as they are (sendMessage does not rewrite headers such as Message-ID). */
    static void send(byte[] raw) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(SMTP));
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(ADDRESS)});
        }
    }

    static int count(String folder) throws Exception {
        try (Store store = imap()) {
            Folder f = store.getFolder(folder);
            return f.exists() ? f.getMessageCount() - deleted(f) : 0;
        }
    }

    private static int deleted(Folder f) throws Exception {
        f.open(Folder.READ_ONLY);
        try {
            return f.getDeletedMessageCount();
        } finally {
            f.close(false);
        }
    }

    static List<byte[]> fetchUnseen() throws Exception {
        try (Store store = imap()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<byte[]> out = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                // read as the hub does, without setting \\Seen
                ((org.eclipse.angus.mail.imap.IMAPMessage) m).setPeek(true);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes);
                out.add(bytes.toByteArray());
            }
            inbox.close(false);
            return out;
        }
    }

    static Store imap() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", IMAP, ADDRESS, "secret-pw");
        return store;
    }

    List<JsonNode> mailAlerts() throws Exception {
        return alerts("mail");
    }

    List<JsonNode> internalAlerts() throws Exception {
        return alerts("internal");
    }

    List<JsonNode> alerts(String source) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/api/v1/alerts?customer=" + CUSTOMER + "&source=" + source + "&limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("items").forEach(all::add);
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return all;
    }

    /** The mailbox's state as the {@code mailboxes} health contributor reports it. */
    String mailboxStatus() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> details = (Map<String, Map<String, Object>>) health.health().getDetails()
                .get("mailboxes");
        return String.valueOf(details.get(CUSTOMER).get("status"));
    }

    /** The hub's overall status on the open health endpoint. */
    String hubHealth() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body()).path("status").asText();
    }

    String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(url("/actuator/prometheus")).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    }

    static GreenMail startServer() {
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(ADDRESS, ADDRESS, "secret-pw");
        return mail;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path customersDir() {
        try {
            Path dir = Files.createTempDirectory("mail-it-customers");
            Path customer = Files.createDirectories(dir.resolve(CUSTOMER));
            Files.writeString(customer.resolve("customer.yaml"), """
                    id: mailtest
                    name: Mail Test
                    ingest:
                      auth:
                        - type: bearer
                          token: { env: MAILTEST_PASSWORD }
                    mail:
                      protocol: imap
                      host: 127.0.0.1
                      port: %d
                      username: %s
                      password: { env: MAILTEST_PASSWORD }
                      pollInterval: 300ms
                    """.formatted(IMAP, ADDRESS));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
