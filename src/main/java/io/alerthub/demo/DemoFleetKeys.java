package io.alerthub.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The demo fleet's SSH keys. Each simulated host's Ed25519 host key is derived from a fixed, public seed (SHA-256 of
 * {@code "alert-hub demo fleet " + hostId}), so it is the same on every start and customers/demo/customer.yaml can
 * list it literally; these host keys are public knowledge and prove nothing outside the in-process loopback demo.
 * The seed is the RFC 8032 private key, so any Ed25519 tool derives the same key (e.g. the seed behind the DER prefix
 * {@code 302e020100300506032b657004220420} through {@code openssl pkey -inform DER -pubout}).
 * The hub's client key, in contrast, is generated fresh at every start and never written to disk.
 */
public final class DemoFleetKeys {
    static final String SEED_PREFIX = "alert-hub demo fleet ";

    private DemoFleetKeys() {
    }

    /** The host key of simulated host {@code hostId}: always the same pair for the same id. */
    public static KeyPair hostKey(String hostId) {
        try {
            byte[] seed = MessageDigest.getInstance("SHA-256")
                    .digest((SEED_PREFIX + hostId).getBytes(StandardCharsets.UTF_8));
            PrivateKey privateKey = SecurityUtils.generateEDDSAPrivateKey(KeyPairProvider.SSH_ED25519, seed);
            return new KeyPair(SecurityUtils.recoverEDDSAPublicKey(privateKey), privateKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot derive the demo host key of \"" + hostId + "\" (Ed25519 support "
                    + "comes from Bouncy Castle, which camel-ssh brings)", e);
        }
    }

    /** The OpenSSH public key line of host {@code hostId}, as hosts[].hostKey in customer.yaml holds it. */
    public static String hostKeyLine(String hostId) {
        return publicKeyLine(hostKey(hostId).getPublic());
    }

    /** {@code ssh-ed25519 AAAA…} for {@code key}. */
    public static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** A fresh Ed25519 key pair for the hub's login. */
    public static KeyPair newClientKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key pair for the demo fleet", e);
        }
    }

    /** {@code key} as an unencrypted private key file in OpenSSH's own format (what {@code ssh-keygen} writes). */
    public static String openSshPrivateKey(KeyPair key) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "alerthub@demo-fleet", null, out);
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the demo fleet's client key", e);
        }
    }
}
