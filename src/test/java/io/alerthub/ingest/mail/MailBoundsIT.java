package io.alerthub.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.alerthub.model.RawPayload;
import io.alerthub.normalize.mail.MailAlerts;
import io.alerthub.normalize.mail.MimeBoundsTest;
import io.alerthub.store.InboxStore;
import io.alerthub.support.Ids;
import io.alerthub.triage.Intake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Properties;
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
 * Hostile mail against a real IMAP server (GreenMail on free ports), two customers' mailboxes: a deeply nested
 * multipart mail is stored raw and quarantined once (held in its folder, seen and flagged), undecoded, with an alert
 * for a person, while the normal mails behind it and in the other customer's mailbox are ingested; read again it is
 * recognised before any decoding; a mail over the size limit is fetched as headers only, quarantined the same way,
 * with a "mail too large" alert for a person.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mail-bounds-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.mail.enabled=true",
        "alerthub.mail.max-message-size=64KB",
        "MAILBOUNDS_PASSWORD=bounds-pw",
        "BOUNDS_A_TOKEN=bounds-a-token",
        "BOUNDS_B_TOKEN=bounds-b-token"})
@ActiveProfiles("demo")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailBoundsIT {
    static final String HOSTILE = "bounds-a";
    static final String OTHER = "bounds-b";
    /**
     * Deep enough that Jakarta Mail takes seconds on it (quadratic), shallow enough that GreenMail, which parses every
     * stored or copied mail the same way (stack.md trap 21), accepts it quickly.
     */
    static final int DEPTH = 400;
    static final int IMAP = MailIngestIT.freePort();
    static final GreenMail server = startServer();
    static final Path CUSTOMERS = customersDir();

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    InboxStore inbox;
    @Autowired
    CamelContext camel;
    @Autowired
    MailAlerts mailAlerts;
    @Autowired
    Intake intake;

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
    void aNestedMailIsQuarantinedOnceAndTheMailsBehindItAndInAnotherMailboxAreIngested() throws Exception {
        append(HOSTILE, nested(DEPTH, "<nested-1@attack.example>"));
        append(HOSTILE, nagios("after-nested"));
        append(OTHER, nagios("other-customer"));

        await().atMost(Duration.ofSeconds(60)).until(() -> host(HOSTILE, "after-nested") != null
                && host(OTHER, "other-customer") != null && byMessageId(HOSTILE, "<nested-1@attack.example>") != null);
        JsonNode nested = byMessageId(HOSTILE, "<nested-1@attack.example>");
        assertThat(nested.path("source").path("format").asText()).isEqualTo("unknown");
        assertThat(nested.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(nested.path("summary").asText())
                .startsWith("mail could not be parsed safely: MIME nesting deeper than 20 levels")
                .contains("a@attack.example");
        assertThat(nested.path("labels").path("mail_quarantine_reason").asText()).isEqualTo("mime_depth");
        // stored raw, whole
        assertThat(inbox.body(nested.path("rawRef").asText()).orElseThrow()).hasSize(nested(DEPTH,
                "<nested-1@attack.example>").length);
        // held where it is, seen and flagged: copying it would make the server parse it again
        await().atMost(Duration.ofSeconds(30)).until(() -> unseen(HOSTILE) == 0);
        assertThat(flagged(HOSTILE)).isEqualTo(1);
        assertThat(count(HOSTILE, "Quarantine")).isZero();
        assertThat(count(HOSTILE, "Processed")).isEqualTo(1);
        assertThat(count(OTHER, "Processed")).isEqualTo(1);

        // later polls: a new mail is ingested, the nested one is neither read nor decoded again
        append(HOSTILE, nagios("later"));
        await().atMost(Duration.ofSeconds(30)).until(() -> host(HOSTILE, "later") != null);
        assertThat(quarantined(HOSTILE, "mime_depth")).isEqualTo(1);
        assertThat(alerts(HOSTILE).stream().filter(a -> a.path("labels").path("mail_message_id").asText()
                .equals("<nested-1@attack.example>"))).hasSize(1);
        assertThat(flagged(HOSTILE)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aStoredMailReadAgainIsRecognisedBeforeItIsDecoded() throws Exception {
        String route = MailboxRoutes.routeId(HOSTILE);
        camel.getRouteController().stopRoute(route);
        byte[] raw = nested(DEPTH, "<nested-2@attack.example>");
        append(HOSTILE, raw);
        // the crash: the mail was committed to the inbox, but the hub died before filing it
        intake.store(mailAlerts.normalize(new RawPayload(Ids.next(), HOSTILE, "mail", "mail", "message/rfc822",
                Instant.now(), raw)));
        assertThat(quarantined(HOSTILE, "mime_depth")).isEqualTo(2);

        camel.getRouteController().startRoute(route);

        await().atMost(Duration.ofSeconds(30)).until(() -> unseen(HOSTILE) == 0);
        assertThat(flagged(HOSTILE)).isEqualTo(2);
        assertThat(quarantined(HOSTILE, "mime_depth")).isEqualTo(2);
        assertThat(counter("alerthub.mail.duplicates", "customer", HOSTILE)).isEqualTo(1);
        assertThat(alerts(HOSTILE).stream().filter(a -> a.path("labels").path("mail_message_id").asText()
                .equals("<nested-2@attack.example>"))).hasSize(1);
    }

    @Test
    @Order(3)
    void aMailOverTheSizeLimitIsKeptAsHeadersQuarantinedAndAlerted() throws Exception {
        byte[] large = padded(nagios("too-large"), 100 * 1024);
        append(OTHER, large);
        append(OTHER, nagios("small-after-large"));

        await().atMost(Duration.ofSeconds(30)).until(() -> host(OTHER, "small-after-large") != null
                && byMessageId(OTHER, "<too-large@bounds.example>") != null);
        JsonNode alert = byMessageId(OTHER, "<too-large@bounds.example>");
        assertThat(alert.path("source").path("format").asText()).isEqualTo("unknown");
        assertThat(alert.path("summary").asText()).startsWith("mail too large: ").contains("over the limit of 65536");
        assertThat(alert.path("name").asText()).isEqualTo("** PROBLEM alert - too-large host is DOWN **");
        assertThat(alert.path("labels").path("mail_quarantine_reason").asText()).isEqualTo("too_large");
        String stored = new String(inbox.body(alert.path("rawRef").asText()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(stored).contains("Message-ID: <too-large@bounds.example>")
                .contains("the hub did not fetch this mail's body").doesNotContain("padding");
        await().atMost(Duration.ofSeconds(30)).until(() -> unseen(OTHER) == 0);
        assertThat(flagged(OTHER)).isEqualTo(1);
        assertThat(quarantined(OTHER, "too_large")).isEqualTo(1);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static byte[] nested(int depth, String messageId) {
        return MimeBoundsTest.nested(depth, messageId);
    }

    static byte[] nagios(String host) {
        return ("From: nagios@bounds.example\r\nSubject: ** PROBLEM alert - " + host + " host is DOWN **\r\n"
                + "Message-ID: <" + host + "@bounds.example>\r\n\r\n***** Nagios *****\r\n\r\n"
                + "Notification Type: PROBLEM\r\nHost: " + host + "\r\nState: DOWN\r\nInfo: PING CRITICAL\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The mail with padding lines appended to its body until it has at least {@code size} bytes. */
    static byte[] padded(byte[] mail, int size) {
        StringBuilder body = new StringBuilder(new String(mail, StandardCharsets.US_ASCII));
        while (body.length() < size) {
            body.append("padding padding padding padding padding padding padding padding\r\n");
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Puts the bytes as they are into the customer's INBOX with IMAP APPEND (the client reads only the headers; the
     * server parses the mail once to store it).
     */
    static void append(String customer, byte[] raw) throws Exception {
        try (Store store = imap(customer)) {
            Folder folder = store.getFolder("INBOX");
            folder.appendMessages(new Message[] {new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw))});
        }
    }

    static int count(String customer, String folder) throws Exception {
        try (Store store = imap(customer)) {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return 0;
            }
            f.open(Folder.READ_ONLY);
            try {
                return f.getMessageCount() - f.getDeletedMessageCount();
            } finally {
                f.close(false);
            }
        }
    }

    /** Mails in the customer's INBOX not yet marked seen (the ones the hub still has to read). */
    static int unseen(String customer) throws Exception {
        try (Store store = imap(customer)) {
            return store.getFolder("INBOX").getUnreadMessageCount();
        }
    }

    /** Mails the hub held in the customer's INBOX: seen and flagged. */
    static int flagged(String customer) throws Exception {
        try (Store store = imap(customer)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)).length;
            } finally {
                inbox.close(false);
            }
        }
    }

    static Store imap(String customer) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", IMAP, address(customer), "bounds-pw");
        return store;
    }

    static String address(String customer) {
        return "alerts@" + customer + ".example";
    }

    long quarantined(String customer, String reason) {
        return counter("alerthub.mail.quarantined", "customer", customer, "reason", reason);
    }

    long counter(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    JsonNode host(String customer, String host) throws Exception {
        return alerts(customer).stream().filter(a -> a.path("resource").path("host").asText().equals(host))
                .findFirst().orElse(null);
    }

    JsonNode byMessageId(String customer, String messageId) throws Exception {
        return alerts(customer).stream().filter(a -> a.path("labels").path("mail_message_id").asText()
                .equals(messageId)).findFirst().orElse(null);
    }

    List<JsonNode> alerts(String customer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/alerts?customer=" + customer + "&source=mail&limit=100"))
                .header("Authorization", MailIngestIT.basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        json.readTree(r.body()).path("items").forEach(all::add);
        return all;
    }

    static GreenMail startServer() {
        GreenMail mail = new GreenMail(new ServerSetup(IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        mail.start();
        for (String customer : List.of(HOSTILE, OTHER)) {
            mail.setUser(address(customer), address(customer), "bounds-pw");
        }
        return mail;
    }

    static Path customersDir() {
        try {
            Path dir = Files.createTempDirectory("mail-bounds-customers");
            for (String customer : List.of(HOSTILE, OTHER)) {
                Path folder = Files.createDirectories(dir.resolve(customer));
                Files.writeString(folder.resolve("customer.yaml"), """
                        id: %s
                        name: Mail bounds %s
                        ingest:
                          auth:
                            - type: bearer
                              token: { env: %s }
                        mail:
                          protocol: imap
                          host: 127.0.0.1
                          port: %d
                          username: %s
                          password: { env: MAILBOUNDS_PASSWORD }
                          pollInterval: 300ms
                        """.formatted(customer, customer, customer.toUpperCase().replace('-', '_') + "_TOKEN", IMAP,
                        address(customer)));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
