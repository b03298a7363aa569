package io.alerthub.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One host of a customer ({@code hosts[]} in customer.yaml): the id alerts are matched to and that later stages
 * (scenarios, SSH) use, its address, and other names monitoring tools report it under.
 */
public record HostConfig(
        @NotBlank(message = "is required")
        @Pattern(regexp = HostConfig.NAME, message = "invalid host id %s (valid: " + HostConfig.NAME_RULE + ")")
        String id,
        @Pattern(regexp = "\\S+", message = "invalid address %s (valid: an ip address or dns name, no spaces)")
        String address,
        List<@NotNull(message = "is required")
             @Pattern(regexp = HostConfig.NAME, message = "invalid alias %s (valid: " + HostConfig.NAME_RULE + ")")
             String> aliases) {
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}";
    static final String NAME_RULE = "letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit";

    public HostConfig {
        aliases = CustomerConfig.immutable(aliases);
    }

    /** True when {@code name} is this host's id or one of its aliases, ignoring case as DNS does. */
    public boolean isNamed(String name) {
        return name != null && (id.equalsIgnoreCase(name) || aliases.stream().anyMatch(name::equalsIgnoreCase));
    }
}
