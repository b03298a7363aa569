package io.alerthub.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scenario stage's error policy (routes/errors/scenario-errors.camel.yaml) as Camel runs it on the real route
 * files: a scenario route that throws, reached through {@code scenario.dispatch}'s {@code direct:} hand-off, is handed
 * to {@code scenarioDispatcher.failed} with the incident, the binding and the error; the next incident is dispatched
 * as usual. (The policy must be on the scenario route itself: the called route's own error handler takes the
 * failure, so the caller's policy never sees it.)
 */
class ScenarioErrorsPolicyTest {
    private final CamelContext camel = new DefaultCamelContext();

    /** Stands in for ScenarioDispatcher: every incident goes to the binding named in its id. */
    public static class Dispatcher {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<String> ran = new CopyOnWriteArrayList<>();

        public String select(String incidentId) {
            return incidentId.substring(0, incidentId.indexOf('/'));
        }

        public void failed(String incidentId, String scenarioRoute, Exception error) {
            failures.add(incidentId + " " + scenarioRoute + " " + error.getMessage());
        }

        public void sweep() {
        }
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aThrowingScenarioRouteReachesTheStagePolicyWithItsIncident() throws Exception {
        Dispatcher dispatcher = new Dispatcher();
        camel.getRegistry().bind("scenarioDispatcher", dispatcher);
        for (String file : List.of("routes/errors/scenario-errors.camel.yaml", "routes/scenario/dispatch.camel.yaml")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel)
                    .resolveResource("classpath:" + file));
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as every scenario template declares it (routes/scenario/templates/*.camel.yaml)
                from("direct:scenario-acme.boom").routeId("acme.boom").routeConfigurationId("scenario-errors")
                        .throwException(new IllegalStateException("boom"));
                from("direct:scenario-acme.ok").routeId("acme.ok").process(e -> dispatcher.ran.add(e.getMessage()
                        .getBody(String.class)));
            }
        });
        camel.start();

        camel.createProducerTemplate().sendBody("seda:scenario.dispatch", "acme.boom/1");
        camel.createProducerTemplate().sendBody("seda:scenario.dispatch", "acme.ok/2");

        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.failures.size() == 1
                && dispatcher.ran.size() == 1);
        assertThat(dispatcher.failures).containsExactly("acme.boom/1 acme.boom boom");
        assertThat(dispatcher.ran).containsExactly("acme.ok/2");
    }
}
