package io.alerthub.triage;

import static io.alerthub.triage.CrossChannelHub.entry;
import static io.alerthub.triage.CrossChannelHub.kinds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cross-channel correlation end to end for Zabbix: the webhook (real HTTP) and the same Zabbix action's mail (real
 * SMTP/IMAP, GreenMail) report problem 7001; with {@code correlation.crossChannel} on the operator sees one incident
 * whose timeline names both sources, and the mail's recovery resolves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:zabbix-cross-channel-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.mail.enabled=true", "alerthub.demo-fleet.enabled=false", "alerthub.demo-sinks.enabled=false",
        "alerthub.demo-mail.enabled=false", "CORR_TOKEN=" + CrossChannelHub.TOKEN})
@ActiveProfiles("demo")
class ZabbixCrossChannelIT {
    static final CrossChannelHub HUB = new CrossChannelHub();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry registry) {
        registry.add("alerthub.customers.dir", () -> HUB.customers("").toString());
    }

    @AfterAll
    static void stop() {
        HUB.stop();
    }

    @Test
    void theWebhookAndTheMailOfOneProblemAreOneIncidentAndTheMailRecoveryResolvesIt() throws Exception {
        HttpResponse<String> webhook = HUB.post(port, "/api/v1/customers/corr/alerts/zabbix", "application/json",
                Files.readString(CrossChannelHub.FIXTURES.resolve("zabbix/zabbix-default-message-problem-flat.json")));
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);

        HUB.sendMail("correlation/zabbix-mail-problem-7001.eml");
        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(only()).contains("correlated"));

        JsonNode incident = only();
        JsonNode correlated = entry(incident, "correlated").path("detail");
        assertThat(correlated.path("joined").asText()).isEqualTo("zabbix (mail)");
        assertThat(correlated.path("reportedBy").asText()).isEqualTo("zabbix (webhook)");
        assertThat(correlated.path("reason").asText())
                .isEqualTo("the same problem reported by zabbix (webhook) and by zabbix (mail)");
        assertThat(incident.path("alertIds")).hasSize(2);

        HUB.sendMail("correlation/zabbix-mail-recovery-7001.eml");
        await().atMost(Duration.ofSeconds(30)).until(() -> only().path("state").asText().equals("RESOLVED"));
        assertThat(only().path("alertIds")).hasSize(3);
        assertThat(kinds(only())).contains("resolved_by_source");
    }

    /** The customer's one incident, with its timeline (fails when there are more). */
    private JsonNode only() throws Exception {
        List<JsonNode> all = HUB.incidents(port);
        assertThat(all).as("incidents of customer corr").hasSize(1);
        return HUB.incident(port, all.get(0).path("id").asText());
    }
}
