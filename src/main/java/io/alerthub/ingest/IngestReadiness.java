package io.alerthub.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ingest stage: whether the route behind a machine endpoint is serving. Tomcat accepts requests before Camel has
 * registered its platform-http routes and after it has removed them (start-up, shutdown, a route an operator stopped),
 * and Spring MVC would answer those 404 — which a sender may take as permanent and drop the alert. The guard answers
 * 503 with Retry-After instead, so the sender retries.
 */
@Component
public class IngestReadiness {
    private final ObjectProvider<CamelContext> camel;
    /**
     * Set once the application is ready, or by the first request after Tomcat started (Tomcat starts only after every
     * singleton exists, so the lookup never races bean creation): between the two, /actuator/health already says UP
     * and a sender must not be told 503.
     */
    private volatile CamelContext context;
    private volatile boolean closed;

    public IngestReadiness(ObjectProvider<CamelContext> camel) {
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        context = camel.getIfAvailable();
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closed = true;
        context = null;
    }

    /** True when the hub is up and {@code routeId} (null: any endpoint outside Camel) is started. */
    public boolean serving(String routeId) {
        CamelContext c = context;
        if (c == null && !closed) {
            c = camel.getIfAvailable();
            context = closed ? null : c;
        }
        if (c == null || closed || !c.isStarted()) {
            return false;
        }
        return routeId == null || c.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }
}
