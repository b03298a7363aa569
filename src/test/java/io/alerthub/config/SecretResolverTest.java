package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What a secret reference in a customer file may reach: files in the customer's folder or the hub's secrets directory
 * only, and environment variables, never the hub's own Spring settings.
 */
class SecretResolverTest {
    @TempDir
    Path root;

    private Path customers;
    private Path acme;
    private Path secrets;
    private StandardEnvironment environment;

    @BeforeEach
    void layout() throws Exception {
        customers = Files.createDirectories(root.resolve("customers"));
        acme = Files.createDirectories(customers.resolve("acme"));
        Files.createDirectories(customers.resolve("bravo"));
        secrets = Files.createDirectories(root.resolve("secrets"));
        Files.writeString(acme.resolve("hmac.secret"), "in-folder\n");
        Files.writeString(secrets.resolve("acme-token"), "in-secrets-dir\n");
        Files.writeString(customers.resolve("bravo/hmac.secret"), "bravo's\n");
        Files.writeString(root.resolve("elsewhere"), "not a secret of any customer\n");

        environment = new StandardEnvironment();
        // as Spring Boot sets it up: application yaml with the hub's own settings, relaxed names attached
        environment.getPropertySources().addLast(new MapPropertySource("application.yaml", Map.of(
                "spring.datasource.password", "db-password",
                "alerthub.secrets.dir", secrets.toString(),
                "DEMO_TOKEN", "demo-token")));
        ConfigurationPropertySources.attach(environment);
    }

    private String resolve(String env, String file) throws SecretResolver.Unresolved {
        return new String(new SecretResolver(environment).resolve(Secret.reference(env, file), acme).bytes(),
                StandardCharsets.UTF_8);
    }

    private static String outside(String file, Path secrets) {
        return "secret file \"" + file + "\" is outside the allowed directories (the customer's folder and "
                + "alerthub.secrets.dir \"" + secrets + "\", after \"..\" and symbolic links are followed)";
    }

    @Test
    void filesInTheCustomersFolderOrTheSecretsDirectoryAreRead() throws Exception {
        assertThat(resolve(null, "hmac.secret")).isEqualTo("in-folder");
        assertThat(resolve(null, secrets.resolve("acme-token").toString())).isEqualTo("in-secrets-dir");
        assertThat(resolve(null, "../../secrets/acme-token")).isEqualTo("in-secrets-dir");
    }

    @Test
    void aPathLeavingTheAllowedDirectoriesIsRefusedNamingTheRule() {
        for (String file : new String[] {"../../etc/passwd", "../../../../../../../../etc/passwd", "/etc/passwd",
                root.resolve("elsewhere").toString(), "../bravo/hmac.secret", "../../secrets/../elsewhere"}) {
            assertThatThrownBy(() -> resolve(null, file)).as(file)
                    .isInstanceOf(SecretResolver.Unresolved.class)
                    .hasMessage(outside(file, secrets))
                    .extracting(e -> ((SecretResolver.Unresolved) e).key()).isEqualTo("file");
        }
    }

    @Test
    void aSymbolicLinkOutOfTheAllowedDirectoriesIsRefused() throws Exception {
        Files.createSymbolicLink(acme.resolve("link.secret"), root.resolve("elsewhere"));
        Files.createSymbolicLink(secrets.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(acme.resolve("inside.secret"), secrets.resolve("acme-token"));

        assertThatThrownBy(() -> resolve(null, "link.secret")).hasMessage(outside("link.secret", secrets));
        assertThatThrownBy(() -> resolve(null, secrets.resolve("passwd").toString()))
                .hasMessage(outside(secrets.resolve("passwd").toString(), secrets));
        assertThat(resolve(null, "inside.secret")).isEqualTo("in-secrets-dir");
        assertThat(new SecretResolver(environment).fileOf(Secret.reference(null, "link.secret"), acme))
                .as("never read, not even to watch for changes").isNull();
    }

    @Test
    void aDeviceOrHugeFileIsNotRead() throws Exception {
        Files.write(secrets.resolve("huge"), new byte[64 * 1024 + 1]);
        assertThatThrownBy(() -> resolve(null, secrets.resolve("huge").toString()))
                .hasMessage("secret file \"" + secrets.resolve("huge") + "\" is larger than 64 KiB");
        Files.createDirectories(acme.resolve("keys"));
        assertThatThrownBy(() -> resolve(null, "keys")).hasMessage("secret file \"keys\" is not a regular file");
    }

    @Test
    void envNamesAnEnvironmentVariableNeverASpringProperty() throws Exception {
        assertThatThrownBy(() -> resolve("spring.datasource.password", null))
                .isInstanceOf(SecretResolver.Unresolved.class)
                .hasMessage("\"spring.datasource.password\" is not an environment variable name "
                        + "(upper-case letters, digits and _)");
        // Spring's relaxed binding would map this name onto spring.datasource.password
        assertThatThrownBy(() -> resolve("SPRING_DATASOURCE_PASSWORD", null))
                .hasMessage("environment variable \"SPRING_DATASOURCE_PASSWORD\" is not set");
        assertThatThrownBy(() -> resolve("ALERTHUB_SECRETS_DIR", null))
                .hasMessage("environment variable \"ALERTHUB_SECRETS_DIR\" is not set");
    }

    @Test
    void envReadsTheProcessEnvironmentOrAnUpperCaseStandInOfTheHubsConfig() throws Exception {
        String variable = System.getenv().containsKey("HOME") ? "HOME" : "PATH";
        assertThat(resolve(variable, null)).isEqualTo(System.getenv(variable));
        assertThat(resolve("DEMO_TOKEN", null)).isEqualTo("demo-token");
    }
}
