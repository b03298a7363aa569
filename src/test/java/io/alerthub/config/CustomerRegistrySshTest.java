package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The ssh settings of customer.yaml hosts: bound with defaults, the private key resolved and read, and each mistake
 * reported with its exact message. Keys are generated at test time; no private key is ever committed.
 */
class CustomerRegistrySshTest {
    @TempDir
    Path customers;
    KeyPair hostKey;
    KeyPair clientKey;

    @BeforeEach
    void keys() throws Exception {
        hostKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        clientKey = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    }

    List<String> errors(String hosts) throws Exception {
        Path folder = Files.createDirectories(customers.resolve("acme"));
        Files.writeString(folder.resolve("customer.yaml"), """
                id: acme
                name: ACME
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ACME_TOKEN }
                hosts:
                """ + hosts);
        CustomerConfigLoader loader = new CustomerConfigLoader(customers, "customers",
                new SecretResolver(new MockEnvironment().withProperty("ACME_TOKEN", "acme-token")));
        List<ConfigError> found = new ArrayList<>();
        loader.loadAll(found);
        return found.stream().map(ConfigError::toString).toList();
    }

    void writeKey(String name, KeyPair key, String password) throws Exception {
        Path dir = Files.createDirectories(customers.resolve("acme/keys"));
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyEncryptionContext encryption = null;
        if (password != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setPassword(password);
        }
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, pem);
        Files.write(dir.resolve(name), pem.toByteArray());
    }

    @Test
    void sshSettingsBindWithTheDefaultPortAndAResolvedKey() throws Exception {
        writeKey("web-1", clientKey, null);
        String line = PublicKeyEntry.toString(hostKey.getPublic());
        assertThat(errors("""
                  - id: web-1
                    sshUser: deploy
                    hostKey: "%s"
                    privateKey: { file: keys/web-1 }
                  - id: db-1
                    sshPort: 2222
                """.formatted(line))).isEmpty();

        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(customers.toString(),
                java.time.Duration.ZERO), new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
        HostConfig web = registry.find("acme").orElseThrow().host("web-1").orElseThrow();
        assertThat(web.usesSsh()).isTrue();
        assertThat(web.sshPort()).isEqualTo(22);
        assertThat(web.sshAddress()).as("no address: the id is the dns name").isEqualTo("web-1");
        assertThat(web.privateKey().isResolved()).isTrue();
        assertThat(KeyUtils.compareKeys(SshKeys.parsePrivateKey(web.privateKey()).getPublic(), clientKey.getPublic()))
                .isTrue();
        assertThat(KeyUtils.compareKeys(SshKeys.parsePublicKey(web.hostKey()), hostKey.getPublic())).isTrue();
        HostConfig db = registry.find("acme").orElseThrow().host("db-1").orElseThrow();
        assertThat(db.usesSsh()).as("a port alone does not turn ssh on").isFalse();
        assertThat(db.sshPort()).isEqualTo(2222);
    }

    @Test
    void userHostKeyAndPrivateKeyAreRequiredTogether() throws Exception {
        assertThat(errors("""
                  - id: web-1
                    sshUser: deploy
                """)).containsExactly(
                "customers/acme/customer.yaml:8: hosts[0].hostKey: is required when the host has ssh settings "
                        + "(the host's public key line, e.g. \"ssh-ed25519 AAAA...\" from ssh-keyscan)",
                "customers/acme/customer.yaml:8: hosts[0].privateKey: is required when the host has ssh settings "
                        + "(a reference {env: NAME} or {file: path})");
    }

    @Test
    void eachBadValueIsNamedWithoutEchoingTheKey() throws Exception {
        writeKey("locked", clientKey, "passphrase");
        Path dir = Files.createDirectories(customers.resolve("acme/keys"));
        Files.writeString(dir.resolve("garbage"), "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nnot-a-key\n" /* a broken key, not a key */);
        String line = PublicKeyEntry.toString(hostKey.getPublic());

        assertThat(errors("""
                  - id: web-1
                    sshUser: deploy
                    hostKey: "ssh-ed25519 AAAAnotbase64!"
                    privateKey: { file: keys/garbage }
                  - id: web-2
                    sshUser: "root;x"
                    sshPort: 70000
                    hostKey: "%s"
                    privateKey: { file: keys/locked }
                  - id: web-3
                    sshUser: deploy
                    hostKey: "%s"
                    privateKey: { file: keys/missing }
                """.formatted(line, line))).containsExactly(
                "customers/acme/customer.yaml:13: hosts[1].sshUser: invalid user \"root;x\" (valid: letters, digits, "
                        + "\".\", \"_\" and \"-\", starting with a letter or \"_\", at most 32 characters)",
                "customers/acme/customer.yaml:14: hosts[1].sshPort: invalid port 70000 (valid: 1 to 65535)");
        // pass 3 runs once the fields themselves are valid
        assertThat(errors("""
                  - id: web-1
                    sshUser: deploy
                    hostKey: "ssh-ed25519 AAAAnotbase64!"
                    privateKey: { file: keys/garbage }
                  - id: web-2
                    sshUser: deploy
                    hostKey: "%s"
                    privateKey: { file: keys/locked }
                  - id: web-3
                    sshUser: deploy
                    hostKey: "%s"
                    privateKey: { file: keys/missing }
                """.formatted(line, line))).containsExactly(
                "customers/acme/customer.yaml:10: hosts[0].hostKey: invalid host key \"ssh-ed25519 AAAAnotbase64!\" "
                        + "(bad key data; valid: one OpenSSH public key line \"<type> <base64> [comment]\")",
                "customers/acme/customer.yaml:11: hosts[0].privateKey: secret from file keys/garbage is not an "
                        + "unencrypted OpenSSH or PEM private key",
                "customers/acme/customer.yaml:15: hosts[1].privateKey: secret from file keys/locked is not an "
                        + "unencrypted OpenSSH or PEM private key",
                "customers/acme/customer.yaml:19: hosts[2].privateKey.file: secret file \"keys/missing\" does not exist");
    }
}
