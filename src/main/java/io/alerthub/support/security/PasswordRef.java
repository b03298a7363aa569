package io.alerthub.support.security;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;

/**
 * Where an operator's password comes from: an environment reference ({@code {env: NAME}}) or an encoded hash
 * ({@code "{bcrypt}$2a$..."}), so configuration files never hold a usable secret.
 *
 * @param env  name of the environment variable (or any Spring property) holding the password
 * @param hash a password hash in {@code DelegatingPasswordEncoder} form, {@code {id}encoded}
 */
public record PasswordRef(String env, String hash) {

    /** Never prints the hash: a hash in a log is an offline brute-force target. */
    @Override
    public String toString() {
        return env != null ? "{env: " + env + "}" : "<secret>";
    }

    /** Lets YAML write a hash as a plain string ({@code password: "{bcrypt}..."}) instead of {@code {hash: ...}}. */
    @ConfigurationPropertiesBinding
    public static final class FromString implements Converter<String, PasswordRef> {
        @Override
        public PasswordRef convert(String source) {
            return new PasswordRef(null, source);
        }
    }
}
