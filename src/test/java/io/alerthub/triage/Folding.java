package io.alerthub.triage;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.mock.env.MockEnvironment;

/** The folding writer's collaborators as store-level tests build them, without Spring. */
public final class Folding {
    private Folding() {
    }

    /** Customers read from {@code dir} (each folder a customer.yaml), secrets from {@code env}. */
    public static CustomerRegistry customers(Path dir, Map<String, String> env) {
        MockEnvironment environment = new MockEnvironment();
        env.forEach(environment::setProperty);
        return new CustomerRegistry(new CustomerRegistryProperties(dir.toString(), Duration.ZERO), environment, null,
                null);
    }

    /**
     * Writes {@code dir/<id>/customer.yaml}: a customer named "{@code <id>} Ltd" with a bearer token from
     * {@code <ID>_TOKEN}, plus {@code more} (further top-level sections).
     */
    public static void writeCustomer(Path dir, String id, String more) throws IOException {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("customer.yaml"), """
                id: %s
                name: %s Ltd
                ingest:
                  auth:
                    - type: bearer
                      token: { env: %s_TOKEN }
                """.formatted(id, id, id.toUpperCase()) + more);
    }

    /** No customer profiles: every incident gets the hub's defaults (resolve after 24h, re-fire after 4h). */
    public static IncidentTimings defaults() {
        return new IncidentTimings(customers(emptyDir(), Map.of()),
                new IncidentLifecycleProperties(null, null, null, null));
    }

    private static Path emptyDir() {
        try {
            return Files.createTempDirectory("no-customers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IncidentFolder folder(IncidentStore incidents, TimelineStore timeline) {
        return folder(incidents, timeline, defaults(), new SimpleMeterRegistry());
    }

    public static IncidentFolder folder(IncidentStore incidents, TimelineStore timeline, IncidentTimings timings,
                                 MeterRegistry meters) {
        return new IncidentFolder(incidents, timeline, timings, meters, new CrossChannelCorrelation(
                customers(emptyDir(), Map.of()), null, incidents, timeline, meters));
    }
}
