package io.alerthub.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.alerthub.incident.IncidentTestHub.JSON;
import static io.alerthub.incident.IncidentTestHub.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.support.security.CustomerScope;
import io.alerthub.support.security.OperatorTestUsers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The incident actions over real HTTP in the running hub (design.md §7): each action's happy path, a harmless repeat,
 * 409 naming the state for a forbidden transition, 404 for an unknown id and for another customer's incident, 403
 * for a viewer, and the timeline entry with its actor. Incidents are real: alerts of class {@code unknown} posted to
 * the webhook API, escalated at once, notified to a Slack stand-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:incident-actions-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h",
        "alerthub.outbox.poll-interval=100ms",
        "alerthub.mail.enabled=false"})
@OperatorTestUsers
@ExtendWith(OutputCaptureExtension.class)
class IncidentActionApiIT {
    static final AtomicInteger FINGERPRINTS = new AtomicInteger();

    @RegisterExtension
    static WireMockExtension standIn = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    OutboxStore outbox;
    @Autowired
    IncidentStore incidents;

    IncidentTestHub hub;

    /** Customer scope as issue 14 will fill it in: login "operator" sees customer "people" only. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Scope {
        @Bean
        @Primary
        CustomerScope operatorSeesPeopleOnly(RoleHierarchy hierarchy, UserDetailsService users) {
            return new CustomerScope(hierarchy, users) {
                @Override
                public Optional<Set<String>> limitedTo(Authentication authentication) {
                    return authentication != null && "operator".equals(authentication.getName())
                            ? Optional.of(Set.of("people")) : Optional.empty();
                }
            };
        }
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws Exception {
        Path customers = tmp.resolve("customers");
        for (String id : List.of("people", "other")) {
            IncidentTestHub.writeCustomer(customers, id);
            IncidentTestHub.secrets(id).forEach(s -> properties.add(s[0], () -> s[1]));
        }
        properties.add("alerthub.customers.dir", customers::toString);
        properties.add("alerthub.notify.slack.api-base-url", () -> standIn.baseUrl() + "/slack/api");
        properties.add("alerthub.notify.pagerduty.base-url", () -> standIn.baseUrl() + "/pagerduty");
    }

    @BeforeEach
    void standIns() {
        hub = new IncidentTestHub(port);
        standIn.stubFor(post(urlEqualTo("/slack/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0PEOPLE\",\"ts\":\"1780000000.000100\"}")));
        standIn.stubFor(post(urlEqualTo("/pagerduty/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
    }

    /** An escalated incident whose escalation chain is planned (PagerDuty's level waits ten minutes). */
    String escalated() throws Exception {
        return escalatedOn("people-web-1");
    }

    /** The same on its own host: a silence made from it covers no other test's incidents. */
    String escalatedOn(String host) throws Exception {
        String id = hub.alert("people", "people-fp-" + FINGERPRINTS.incrementAndGet(), host);
        hub.awaitState(id, "ESCALATED");
        await().atMost(WAIT).until(() -> outbox.find(id + "|pagerduty|TRIGGER|1").isPresent());
        return id;
    }

    static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void takeoverDefaultsToTheCallerStopsTheChainAndIsHarmlessToRepeat() throws Exception {
        String id = escalated();
        await().atMost(WAIT).until(() -> outbox.find(id + "|slack|TRIGGER|0").map(OutboxEntry::status)
                .orElse(null) == OutboxEntry.Status.SENT);

        HttpResponse<String> r = hub.post("operator", "/api/v1/incidents/" + id + "/takeover", "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).path("assignee").asText()).isEqualTo("operator");
        assertThat(body(r).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(body(r).path("acknowledgedBy").asText()).isEqualTo("operator");
        assertThat(hub.incident(id).path("assignee").asText()).isEqualTo("operator");
        // the level that was still to come is cancelled, as on an acknowledgement
        assertThat(outbox.find(id + "|pagerduty|TRIGGER|1").orElseThrow().status())
                .isEqualTo(OutboxEntry.Status.CANCELLED);
        List<JsonNode> taken = hub.timeline(id, "taken_over");
        assertThat(taken).hasSize(1);
        assertThat(taken.get(0).path("actor").asText()).isEqualTo("operator");
        assertThat(taken.get(0).path("detail").path("via").asText()).isEqualTo("api");

        HttpResponse<String> again = hub.post("operator", "/api/v1/incidents/" + id + "/takeover", null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(hub.timeline(id, "taken_over")).hasSize(1);

        HttpResponse<String> handed = hub.post("admin", "/api/v1/incidents/" + id + "/takeover",
                "{\"assignee\":\"viewer\"}");
        assertThat(handed.statusCode()).as(handed.body()).isEqualTo(200);
        assertThat(body(handed).path("assignee").asText()).isEqualTo("viewer");
        assertThat(hub.timeline(id, "taken_over")).last().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("detail").path("previousAssignee").asText()).isEqualTo("operator");
        });
        // the existing /ack keeps its contract: the incident is acknowledged already
        assertThat(hub.post("admin", "/api/v1/incidents/" + id + "/ack", null).statusCode()).isEqualTo(409);
    }

    @Test
    void notesAreAddedOnceWithTheirAuthorAndNeedText() throws Exception {
        String id = escalated();
        String path = "/api/v1/incidents/" + id + "/notes";
        HttpResponse<String> r = hub.post("operator", path, "{\"text\":\"checked the LB, note 42\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(hub.post("operator", path, "{\"text\":\"checked the LB, note 42\"}").statusCode()).isEqualTo(200);
        List<JsonNode> notes = hub.timeline(id, "note");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("actor").asText()).isEqualTo("operator");
        assertThat(notes.get(0).path("detail").path("text").asText()).isEqualTo("checked the LB, note 42");

        HttpResponse<String> empty = hub.post("operator", path, "{}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(body(empty).path("errors").get(0).path("field").asText()).isEqualTo("text");
        assertThat(body(empty).path("detail").asText()).isEqualTo("text: is required");
        HttpResponse<String> wrongType = hub.post("operator", path, "{\"text\":42}");
        assertThat(body(wrongType).path("detail").asText()).isEqualTo("text: must be a non-blank string, got 42");
        assertThat(hub.post("operator", path, "{\"text\":").statusCode()).isEqualTo(400);
    }

    @Test
    void resolveCloseAndReopenFollowTheStateMachine() throws Exception {
        String id = escalated();
        HttpResponse<String> resolved = hub.post("operator", "/api/v1/incidents/" + id + "/resolve",
                "{\"note\":\"fixed by hand\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(body(resolved).path("state").asText()).isEqualTo("RESOLVED");
        assertThat(body(resolved).path("resolvedBy").asText()).isEqualTo("operator");
        assertThat(body(resolved).path("resolvedAt").isMissingNode()).isFalse();
        assertThat(hub.timeline(id, "resolved_by_person")).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("operator");
            assertThat(e.path("detail").path("note").asText()).isEqualTo("fixed by hand");
        });
        assertThat(outbox.find(id + "|pagerduty|TRIGGER|1").orElseThrow().status())
                .isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(hub.post("operator", "/api/v1/incidents/" + id + "/resolve", "{}").statusCode()).isEqualTo(200);
        assertThat(hub.timeline(id, "resolved_by_person")).hasSize(1);

        HttpResponse<String> takeover = hub.post("operator", "/api/v1/incidents/" + id + "/takeover", "{}");
        assertThat(takeover.statusCode()).isEqualTo(409);
        assertThat(body(takeover).path("state").asText()).isEqualTo("RESOLVED");
        assertThat(body(takeover).path("detail").asText()).startsWith("incident \"" + id + "\" is RESOLVED: cannot takeover");
        HttpResponse<String> rerun = hub.post("operator", "/api/v1/incidents/" + id + "/rerun", "{}");
        assertThat(rerun.statusCode()).isEqualTo(409);

        HttpResponse<String> closed = hub.post("operator", "/api/v1/incidents/" + id + "/close", null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(body(closed).path("state").asText()).isEqualTo("CLOSED");
        assertThat(hub.post("operator", "/api/v1/incidents/" + id + "/close", null).statusCode()).isEqualTo(200);
        assertThat(hub.timeline(id, "closed")).singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("from").asText()).isEqualTo("RESOLVED"));
        assertThat(hub.post("operator", "/api/v1/incidents/" + id + "/resolve", "{}").statusCode()).isEqualTo(409);

        HttpResponse<String> reopened = hub.post("admin", "/api/v1/incidents/" + id + "/reopen", null);
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
        assertThat(body(reopened).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(body(reopened).path("resolvedBy").isMissingNode()).isTrue();
        assertThat(hub.post("admin", "/api/v1/incidents/" + id + "/reopen", null).statusCode()).isEqualTo(200);
        assertThat(hub.timeline(id, "reopened")).singleElement()
                .satisfies(e -> assertThat(e.path("actor").asText()).isEqualTo("admin"));
    }

    @Test
    void closingAnOpenIncidentResolvesItAndReopeningWaitsForTheNewerOne() throws Exception {
        String fingerprint = "people-fp-" + FINGERPRINTS.incrementAndGet();
        String first = hub.escalated("people", fingerprint);
        HttpResponse<String> closed = hub.post("operator", "/api/v1/incidents/" + first + "/close", null);
        assertThat(body(closed).path("state").asText()).isEqualTo("CLOSED");
        assertThat(body(closed).path("resolvedBy").asText()).isEqualTo("operator");
        // the key is free: the same alert opens a new incident, and the old one cannot be re-opened beside it
        String second = hub.escalated("people", fingerprint);
        assertThat(second).isNotEqualTo(first);
        HttpResponse<String> reopen = hub.post("operator", "/api/v1/incidents/" + first + "/reopen", null);
        assertThat(reopen.statusCode()).isEqualTo(409);
        assertThat(body(reopen).path("detail").asText()).contains("\"" + second + "\"");
    }

    @Test
    void snoozeNeedsAFutureTimeAndIsShownOnTheIncident() throws Exception {
        String id = escalated();
        String until = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).withNano(0).toString();
        HttpResponse<String> r = hub.post("operator", "/api/v1/incidents/" + id + "/snooze",
                "{\"until\":\"" + until + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(OffsetDateTime.parse(body(r).path("snoozedUntil").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse(until).toInstant());
        assertThat(hub.post("operator", "/api/v1/incidents/" + id + "/snooze", "{\"until\":\"" + until + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(hub.timeline(id, "snoozed")).singleElement()
                .satisfies(e -> assertThat(e.path("actor").asText()).isEqualTo("operator"));
        assertThat(hub.get("admin", "/api/v1/incidents?customer=people").path("items").findValuesAsText("snoozedUntil"))
                .isNotEmpty();

        HttpResponse<String> past = hub.post("operator", "/api/v1/incidents/" + id + "/snooze",
                "{\"until\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(body(past).path("errors").get(0).path("field").asText()).isEqualTo("until");
        assertThat(body(past).path("detail").asText()).isEqualTo("until: \"2020-01-01T00:00:00Z\" must be in the future");
        assertThat(body(hub.post("operator", "/api/v1/incidents/" + id + "/snooze", "{\"until\":\"tomorrow\"}"))
                .path("errors").get(0).path("field").asText()).isEqualTo("until");
    }

    @Test
    void rerunPutsTheIncidentThroughTheDispatchRouteAgain() throws Exception {
        String id = escalated();
        HttpResponse<String> bad = hub.post("operator", "/api/v1/incidents/" + id + "/rerun", "{\"dryRun\":\"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).path("errors").get(0).path("field").asText()).isEqualTo("dryRun");

        HttpResponse<String> r = hub.post("operator", "/api/v1/incidents/" + id + "/rerun", "{\"dryRun\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(hub.timeline(id, "rerun_requested")).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("operator");
            assertThat(e.path("detail").path("dryRun").asBoolean()).isTrue();
            assertThat(e.path("detail").path("from").asText()).isEqualTo("ESCALATED");
        });
        assertThat(incidents.rerunDryRun(id)).isTrue();
        // the dispatcher took it again: an unknown class escalates once more, with a second decision
        String firstDecision = body(r).path("decidedAt").asText();
        await().atMost(WAIT).until(() -> hub.incident(id), i -> i.path("state").asText().equals("ESCALATED")
                && !i.path("decidedAt").asText().equals(firstDecision));
    }

    @Test
    void silenceFromAnIncidentCoversItsHostAndClassOnce() throws Exception {
        String id = escalatedOn("people-silenced-1");
        String endsAt = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0).toString();
        HttpResponse<String> r = hub.post("operator", "/api/v1/incidents/" + id + "/silence",
                "{\"endsAt\":\"" + endsAt + "\",\"comment\":\"LB maintenance\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(body(r).path("hosts").get(0).asText()).isEqualTo("people-silenced-1");
        assertThat(body(r).path("alertClasses").get(0).asText()).isEqualTo("unknown");
        HttpResponse<String> again = hub.post("operator", "/api/v1/incidents/" + id + "/silence",
                "{\"endsAt\":\"" + endsAt + "\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).path("id").asText()).isEqualTo(body(r).path("id").asText());
        assertThat(hub.get("admin", "/api/v1/silences?customer=people").findValuesAsText("id"))
                .contains(body(r).path("id").asText());
        assertThat(hub.timeline(id, "silenced")).singleElement()
                .satisfies(e -> assertThat(e.path("actor").asText()).isEqualTo("operator"));
        assertThat(hub.post("operator", "/api/v1/incidents/" + id + "/silence", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void unknownAndOutOfScopeIncidentsAnswer404AndViewersMayNotAct() throws Exception {
        String other = hub.escalated("other", "other-fp-" + FINGERPRINTS.incrementAndGet());
        String mine = escalated();
        for (String action : List.of("takeover", "notes", "resolve", "close", "reopen", "snooze", "rerun", "silence")) {
            String body = switch (action) {
                case "notes" -> "{\"text\":\"x\"}";
                case "snooze" -> "{\"until\":\"2999-01-01T00:00:00Z\"}";
                case "silence" -> "{\"endsAt\":\"2999-01-01T00:00:00Z\"}";
                default -> "{}";
            };
            HttpResponse<String> unknown = hub.post("operator", "/api/v1/incidents/no-such-id/" + action, body);
            assertThat(unknown.statusCode()).as(action).isEqualTo(404);
            assertThat(body(unknown).path("detail").asText()).isEqualTo("incident \"no-such-id\" not found");
            HttpResponse<String> foreign = hub.post("operator", "/api/v1/incidents/" + other + "/" + action, body);
            assertThat(foreign.statusCode()).as(action).isEqualTo(404);
            assertThat(body(foreign).path("detail").asText()).isEqualTo("incident \"" + other + "\" not found");
            assertThat(hub.post("viewer", "/api/v1/incidents/" + mine + "/" + action, body).statusCode())
                    .as(action).isEqualTo(403);
        }
        assertThat(hub.incident(other).path("state").asText()).isEqualTo("ESCALATED");
        assertThat(hub.incident(mine).path("state").asText()).isEqualTo("ESCALATED");
        assertThat(hub.incident(other).path("timeline").findValuesAsText("kind")).doesNotContain("note");
    }

    @Test
    void operatorActionsThatHadNoActorNowRecordOne(CapturedOutput output) throws Exception {
        String id = escalatedOn("people-silenced-2");
        String dead = id + "|pagerduty|TRIGGER|1";
        outbox.settle(dead, OutboxEntry.Status.DEAD, "gave up (test)", 6);
        HttpResponse<String> retry = hub.post("admin", "/api/v1/notifications/" + dead.replace("|", "%7C")
                + "/retry", null);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(hub.timeline(id, "notification_retried")).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("detail").path("channel").asText()).isEqualTo("pagerduty");
        });

        String endsAt = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0).toString();
        String silence = body(hub.post("operator", "/api/v1/incidents/" + id + "/silence",
                "{\"endsAt\":\"" + endsAt + "\"}")).path("id").asText();
        assertThat(hub.send("operator", java.net.http.HttpRequest.newBuilder(hub.url("/api/v1/silences/" + silence))
                .DELETE()).statusCode()).isEqualTo(204);
        await().atMost(WAIT).until(() -> output.getAll().contains("operator ended silence " + silence
                + " of customer people"));

        JsonNode switches = hub.get("admin", "/api/v1/scenarios/switches");
        assertThat(hub.send("admin", java.net.http.HttpRequest.newBuilder(hub.url("/api/v1/scenarios/switches"))
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(switches.toString()))).statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> output.getAll().contains("admin set the automation switches from"));
    }
}
