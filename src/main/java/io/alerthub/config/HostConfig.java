package io.alerthub.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One host of a customer ({@code hosts[]} in customer.yaml): the id alerts are matched to and that later stages
 * (scenarios, SSH) use, its address, other names monitoring tools report it under, and, when scenarios may log in,
 * its SSH settings (user, port, the host's known public key, the hub's private key by reference).
 */
public record HostConfig(
        @NotBlank(message = "is required")
        @Pattern(regexp = HostConfig.NAME, message = "invalid host id %s (valid: " + HostConfig.NAME_RULE + ")")
        String id,
        @Pattern(regexp = "\\S+", message = "invalid address %s (valid: an ip address or dns name, no spaces)")
        String address,
        List<@NotNull(message = "is required")
             @Pattern(regexp = HostConfig.NAME, message = "invalid alias %s (valid: " + HostConfig.NAME_RULE + ")")
             String> aliases,
        @Min(value = 1, message = "invalid port %s (valid: 1 to 65535)")
        @Max(value = 65535, message = "invalid port %s (valid: 1 to 65535)")
        Integer sshPort,
        @Pattern(regexp = HostConfig.SSH_USER, message = "invalid user %s (valid: " + HostConfig.SSH_USER_RULE + ")")
        String sshUser,
        String hostKey,
        Secret privateKey) {
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}";
    static final String NAME_RULE = "letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit";
    static final String SSH_USER = "[A-Za-z_][A-Za-z0-9._-]{0,31}";
    static final String SSH_USER_RULE = "letters, digits, \".\", \"_\" and \"-\", starting with a letter or \"_\", "
            + "at most 32 characters";
    /** The port SSH uses when {@code sshPort} is not set. */
    public static final int DEFAULT_SSH_PORT = 22;

    public HostConfig {
        aliases = CustomerConfig.immutable(aliases);
        sshPort = sshPort == null ? DEFAULT_SSH_PORT : sshPort;
    }

    /** A host the hub does not log in to. */
    public HostConfig(String id, String address, List<String> aliases) {
        this(id, address, aliases, null, null, null, null);
    }

    /** True when {@code name} is this host's id or one of its aliases, ignoring case as DNS does. */
    public boolean isNamed(String name) {
        return name != null && (id.equalsIgnoreCase(name) || aliases.stream().anyMatch(name::equalsIgnoreCase));
    }

    /** True when any SSH setting is present; the loader then requires user, host key and private key together. */
    public boolean usesSsh() {
        return sshUser != null || hostKey != null || privateKey != null;
    }

    /** Where SSH connects: the address when one is set, otherwise the host id as a DNS name. */
    public String sshAddress() {
        return address != null ? address : id;
    }

    /** This host with its private key replaced (by its resolved form). */
    HostConfig withPrivateKey(Secret resolved) {
        return new HostConfig(id, address, aliases, sshPort, sshUser, hostKey, resolved);
    }
}
