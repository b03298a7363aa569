package io.alerthub.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads the SSH keys a host's settings in customer.yaml name: the host's known public key (one OpenSSH public key
 * line) and the hub's private key (OpenSSH or PEM, unencrypted, from a secret); shared by the loader's checks and the
 * scenario stage's SSH client so both accept exactly the same keys.
 */
public final class SshKeys {
    private SshKeys() {
    }

    /** Why a key could not be read; the message never contains private key material. */
    public static final class InvalidKeyException extends Exception {
        InvalidKeyException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The public key of one OpenSSH public key line ({@code ssh-ed25519 AAAA… [comment]}, as in
     * {@code ~/.ssh/known_hosts} without the host field, or as printed by {@code ssh-keyscan} after the host).
     */
    public static PublicKey parsePublicKey(String line) throws InvalidKeyException {
        if (line == null || line.isBlank() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new InvalidKeyException("expected one line");
        }
        try {
            PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(line.strip());
            PublicKey key = entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new InvalidKeyException("unsupported key type");
            }
            return key;
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            throw new InvalidKeyException(e instanceof GeneralSecurityException ? "unsupported key type or bad key data"
                    : "bad key data");
        }
    }

    /** The key pair of an unencrypted OpenSSH or PEM private key held by {@code secret}; messages name its source only. */
    public static KeyPair parsePrivateKey(Secret secret) throws InvalidKeyException {
        byte[] bytes = secret.bytes();
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(secret.source()),
                    new ByteArrayInputStream(bytes), FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new InvalidKeyException("secret from " + secret.source()
                        + " is not an OpenSSH or PEM private key");
            }
            return it.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // an encrypted key asks the (empty) password provider and fails here: the hub cannot type a passphrase
            throw new InvalidKeyException("secret from " + secret.source()
                    + " is not an unencrypted OpenSSH or PEM private key");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The OpenSSH SHA-256 fingerprint ({@code SHA256:…}), as {@code ssh-keygen -l} prints it. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }
}
