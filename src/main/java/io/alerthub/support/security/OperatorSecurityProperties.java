package io.alerthub.support.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator logins of the hub ({@code alerthub.security.*}); passwords are references, never plaintext.
 *
 * @param users the people (and scrapers) allowed into the operator API, Hawtio and Jolokia
 */
@ConfigurationProperties(prefix = "alerthub.security", ignoreUnknownFields = false)
public record OperatorSecurityProperties(List<User> users) {

    public OperatorSecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * One login.
     *
     * @param username the login name
     * @param password where the password comes from
     * @param roles    configuration names of the roles ({@code viewer}, {@code operator}, {@code admin})
     */
    public record User(String username, PasswordRef password, List<String> roles) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
