package io.alerthub.support.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A customers directory of minimal customers for the access tests: each takes the ingest token {@code <id>-token}
 * (by reference, as in production), and the directory is the hub's {@code alerthub.customers.dir}.
 */
final class TwoCustomers {
    private TwoCustomers() {
    }

    /**
     * Writes {@code dir/<id>/customer.yaml} for each id, with {@code extraYaml} appended (e.g. a notifications
     * section), and registers the tokens and the directory.
     */
    static void write(Path dir, String envPrefix, String extraYaml, List<String> ids,
                      DynamicPropertyRegistry properties) throws IOException {
        for (String id : ids) {
            Files.createDirectories(dir.resolve(id));
            Files.writeString(dir.resolve(id).resolve("customer.yaml"), """
                    id: %1$s
                    name: %1$s Ltd
                    ingest:
                      auth:
                        - type: bearer
                          token: { env: %2$s_%3$s_TOKEN }
                    """.formatted(id, envPrefix, id.toUpperCase()) + extraYaml.formatted(id));
            properties.add(envPrefix + "_" + id.toUpperCase() + "_TOKEN", () -> id + "-token");
        }
        properties.add("alerthub.customers.dir", dir::toString);
    }
}
