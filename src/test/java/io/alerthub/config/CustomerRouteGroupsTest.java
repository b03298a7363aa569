package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-customer route lifecycle shared by mailboxes, SQS queues and customers' routes files, on a real Camel
 * context: replacing swaps a group's routes, refuses an id the application or another customer uses, takes routes
 * that did not start out again, and removing never touches another group's route.
 */
class CustomerRouteGroupsTest {
    private final CamelContext camel = new DefaultCamelContext();
    private CustomerRouteGroups groups;

    @BeforeEach
    void start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:app").routeId("ingest.app").log("app");
                from("direct:bravo").routeId("bravo.x").group("bravo").log("bravo");
            }
        });
        camel.start();
        groups = new CustomerRouteGroups(camel, null);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void replaceSwapsTheGroupsRoutes() {
        assertThat(groups.replace("acme", "acme", List.of(), List.of("acme.a"), model -> add("acme.a", "acme"))).isNull();
        assertThat(groups.replace("acme", "acme", List.of("acme.a"), List.of("acme.b"), model -> add("acme.b", "acme")))
                .isNull();

        assertThat(camel.getRoute("acme.a")).isNull();
        assertThat(camel.getRouteController().getRouteStatus("acme.b").isStarted()).isTrue();
    }

    @Test
    void anIdUsedByTheApplicationOrAnotherGroupIsRefusedBeforeAnythingStops() {
        assertThat(groups.replace("acme", "acme", List.of(), List.of("ingest.app"), model -> add("ingest.app", "acme")))
                .isEqualTo("route id \"ingest.app\" is already used by the application");
        assertThat(groups.replace("acme", "acme", List.of(), List.of("bravo.x"), model -> add("bravo.x", "acme")))
                .isEqualTo("route id \"bravo.x\" is already used by group \"bravo\"");

        assertThat(camel.getRoute("ingest.app")).isNotNull();
        assertThat(camel.getRoute("bravo.x").getGroup()).isEqualTo("bravo");
    }

    @Test
    void aRouteThatFailsToStartIsTakenOutAgain() {
        String failure = groups.replace("acme", null, List.of(), List.of("ingest.mail.acme"), model -> {
            throw new IllegalStateException("mailbox unreachable\nat line 2");
        });

        assertThat(failure).isEqualTo("mailbox unreachable");
        assertThat(camel.getRoute("ingest.mail.acme")).isNull();
    }

    @Test
    void removeNeverTouchesAnotherGroupsRoute() {
        groups.replace("acme", "acme", List.of(), List.of("acme.a"), model -> add("acme.a", "acme"));

        groups.remove("acme", "acme", List.of("bravo.x", "ingest.app"));

        assertThat(camel.getRoute("acme.a")).isNull();
        assertThat(camel.getRoute("bravo.x")).isNotNull();
        assertThat(camel.getRoute("ingest.app")).isNotNull();
    }

    private void add(String id, String group) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).routeId(id).group(group).log(id);
            }
        });
    }
}
