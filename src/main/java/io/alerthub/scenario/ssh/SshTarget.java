package io.alerthub.scenario.ssh;

import io.alerthub.config.HostConfig;
import io.alerthub.config.SshKeys;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Locale;

/**
 * Where and as whom the hub logs in to one customer host, with the host's known key and the hub's key pair already
 * read from its {@link HostConfig}; made once per host configuration and reused for every command.
 */
public final class SshTarget {
    private final String customerId;
    private final String hostId;
    private final String address;
    private final int port;
    private final String user;
    private final PublicKey hostKey;
    private final KeyPair identity;
    private final PoolKey poolKey;

    /** What a session is shared by: the same customer, login and verified host key. */
    record PoolKey(String customerId, String address, int port, String user, String hostKeyFingerprint) {
    }

    private SshTarget(String customerId, String hostId, String address, int port, String user, PublicKey hostKey,
            KeyPair identity) {
        this.customerId = customerId;
        this.hostId = hostId;
        this.address = address;
        this.port = port;
        this.user = user;
        this.hostKey = hostKey;
        this.identity = identity;
        this.poolKey = new PoolKey(customerId, address.toLowerCase(Locale.ROOT), port, user,
                SshKeys.fingerprint(hostKey));
    }

    /**
     * The target for {@code host} of customer {@code customerId}.
     *
     * @throws HostKeyMismatchException (UNKNOWN_HOST_KEY) when the host has no known key: the hub never connects then
     * @throws SshException             (NOT_CONFIGURED) when the user or private key is missing or unreadable
     */
    public static SshTarget of(String customerId, HostConfig host) throws SshException {
        String name = "host " + CommandParameterException.quote(host.id()) + " of customer "
                + CommandParameterException.quote(customerId);
        if (host.hostKey() == null) {
            throw new HostKeyMismatchException(SshException.Failure.UNKNOWN_HOST_KEY, "unknown host: " + name
                    + " has no known host key (hosts[].hostKey in customer.yaml); refusing to connect");
        }
        PublicKey hostKey;
        try {
            hostKey = SshKeys.parsePublicKey(host.hostKey());
        } catch (SshKeys.InvalidKeyException e) {
            throw new HostKeyMismatchException(SshException.Failure.UNKNOWN_HOST_KEY, "unknown host: " + name
                    + " has an unreadable host key (" + e.getMessage() + "); refusing to connect");
        }
        if (host.sshUser() == null || host.privateKey() == null || !host.privateKey().isResolved()) {
            throw new SshException(SshException.Failure.NOT_CONFIGURED, name
                    + " has no ssh user or private key (hosts[].sshUser, hosts[].privateKey in customer.yaml)");
        }
        KeyPair identity;
        try {
            identity = SshKeys.parsePrivateKey(host.privateKey());
        } catch (SshKeys.InvalidKeyException e) {
            throw new SshException(SshException.Failure.NOT_CONFIGURED, name + ": " + e.getMessage());
        }
        return new SshTarget(customerId, host.id(), host.sshAddress(), host.sshPort(), host.sshUser(), hostKey,
                identity);
    }

    public String customerId() {
        return customerId;
    }

    public String hostId() {
        return hostId;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The key the host must present. */
    public PublicKey hostKey() {
        return hostKey;
    }

    KeyPair identity() {
        return identity;
    }

    PoolKey poolKey() {
        return poolKey;
    }

    /** What the per-host concurrency limit counts by: the machine, whoever logs in to it. */
    String hostSlot() {
        return poolKey.address() + ":" + port;
    }

    /** How messages name the target: {@code host "web-1" (deploy@10.0.0.5:22)}. */
    String describe() {
        return "host " + CommandParameterException.quote(hostId) + " (" + user + "@" + address + ":" + port + ")";
    }

    @Override
    public String toString() {
        // never the key pair
        return "SshTarget[" + customerId + "/" + hostId + " " + user + "@" + address + ":" + port + "]";
    }
}
