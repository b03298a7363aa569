package io.alerthub.scenario.ssh;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.HostConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.springframework.mock.env.MockEnvironment;

/**
 * Writes a customer folder the way an operator would (customer.yaml with the host's ssh settings, the hub's private
 * key in a file next to it, generated at test time) and loads it through the real {@link CustomerRegistry}, so the
 * SSH tests use the same {@link HostConfig} the scenario engine gets.
 */
final class SshTestCustomer {
    private SshTestCustomer() {
    }

    /** Host {@code web-1} of customer {@code acme}, reachable at 127.0.0.1:{@code port}, known by {@code hostKeyLine}. */
    static HostConfig host(Path dir, int port, String hostKeyLine, KeyPair clientKey) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("acme"));
        Files.createDirectories(folder.resolve("keys"));
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "alerthub@test", null, pem);
        Files.write(folder.resolve("keys/web-1"), pem.toByteArray());
        Files.writeString(folder.resolve("customer.yaml"), """
                id: acme
                name: ACME
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ACME_TOKEN }
                hosts:
                  - id: web-1
                    address: 127.0.0.1
                    sshPort: %d
                    sshUser: deploy
                    hostKey: "%s"
                    privateKey: { file: keys/web-1 }
                """.formatted(port, hostKeyLine), StandardCharsets.UTF_8);
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(dir.toString(), Duration.ZERO),
                new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
        CustomerConfig acme = registry.find("acme").orElseThrow();
        return acme.host("web-1").orElseThrow();
    }
}
