package io.alerthub.escalate;

import static io.alerthub.model.ChannelKind.EMAIL;
import static io.alerthub.model.ChannelKind.PAGERDUTY;
import static io.alerthub.model.ChannelKind.SLACK;
import static io.alerthub.model.NotificationAction.RESOLVE;
import static io.alerthub.model.NotificationAction.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Outcome;
import io.alerthub.model.Severity;
import io.alerthub.store.OutboxEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * Where a re-fire notice goes: the channels that already carried the incident (its owner was reached there), the MSP's
 * own before the customer's, still configured; else the first level of the customer's chain, even when the policy
 * keeps handed-over incidents quiet.
 */
class RefireNoticesTest {
    static final Instant NOW = Instant.parse("2026-06-03T12:00:00Z");

    @TempDir
    Path tmp;

    private CustomerConfig customer(String escalation) throws IOException {
        Files.createDirectories(tmp.resolve("acme"));
        Files.writeString(tmp.resolve("acme/customer.yaml"), """
                id: acme
                name: ACME
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ACME_TOKEN }
                notifications:
                  slack:
                    botToken: { env: ACME_SLACK }
                    channel: "#acme"
                  email:
                    to: [oncall@acme.example]
                    from: hub@msp.example
                """ + escalation);
        MockEnvironment env = new MockEnvironment().withProperty("ACME_TOKEN", "t").withProperty("ACME_SLACK", "xoxb");
        return new CustomerRegistry(new CustomerRegistryProperties(tmp.toString(), Duration.ZERO), env, null, null)
                .find("acme").orElseThrow();
    }

    private static Incident incident(Outcome outcome) {
        return new Incident("inc-1", "acme", "fp", IncidentState.valueOf(outcome.name()), outcome, AlertStatus.FIRING,
                "Disk", "disk_usage", Severity.WARNING, "web-1", "full", 3, NOW, NOW, null);
    }

    private static OutboxEntry sent(ChannelKind channel, NotificationAction action) {
        return new OutboxEntry("inc-1|" + channel + "|" + action + "|0", "acme", "inc-1", channel, action, 0,
                EscalationPlanner.audience(channel), OutboxEntry.Status.SENT, NOW, 1, null, "ref", null, null, NOW, NOW,
                null, null);
    }

    @Test
    void theChannelsThatCarriedTheIncidentTheMspsOwnFirst() throws IOException {
        CustomerConfig acme = customer("");

        assertThat(RefireNotices.recipients(incident(Outcome.ESCALATED), acme,
                List.of(sent(EMAIL, TRIGGER), sent(SLACK, TRIGGER)))).containsExactly(SLACK);
        assertThat(RefireNotices.recipients(incident(Outcome.ESCALATED), acme, List.of(sent(EMAIL, TRIGGER))))
                .as("only the customer's channel carried it").containsExactly(EMAIL);
    }

    @Test
    void aChannelNoLongerConfiguredOrOnlyTheResolutionDoesNotCount() throws IOException {
        CustomerConfig acme = customer("""
                escalation:
                  levels:
                    - channels: [email]
                    - after: 10m
                      channels: [slack]
                """);

        assertThat(RefireNotices.recipients(incident(Outcome.ESCALATED), acme,
                List.of(sent(PAGERDUTY, TRIGGER), sent(SLACK, RESOLVE)))).containsExactly(EMAIL);
    }

    @Test
    void withNothingSentTheFirstLevelEvenWhenHandedOverIncidentsStayQuiet() throws IOException {
        CustomerConfig acme = customer("""
                escalation:
                  levels:
                    - channels: [slack, email]
                  handedOver: none
                """);

        assertThat(RefireNotices.recipients(incident(Outcome.HANDED_OVER), acme, List.of())).containsExactly(SLACK);
    }
}
