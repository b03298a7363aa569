package io.alerthub.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Demo profile: once the hub is ready, prints where to look and one curl line to try. */
@Component
@Profile("demo")
public class DemoBanner {
    private static final Logger LOG = LoggerFactory.getLogger(DemoBanner.class);
    private final Environment env;

    public DemoBanner(Environment env) {
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void printTour() {
        String base = "http://localhost:" + env.getProperty("local.server.port", "8080");
        LOG.info("""

                ==== Alert Hub demo is ready ====
                  Hawtio console : {}/actuator/hawtio/   (login demo / demo)
                  Operator API   : {}/api/v1/incidents?customer=demo   (login demo / demo)
                  Health         : {}/actuator/health
                  Try:
                    curl -s -X POST -H "Authorization: Bearer ${DEMO_TOKEN:-demo-token}" -H 'Content-Type: application/json' \\
                      --data-binary '{"status":"firing","name":"DiskFull","severity":"warning","resource":{"host":"demo-web-1"},"summary":"/ is 95% full"}' \\
                      {}/api/v1/customers/demo/alerts/generic
                """, base, base, base, base);
    }
}
