package io.alerthub.support.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator logins of the hub ({@code alerthub.security.*}); passwords are references, never plaintext.
 *
 * @param users the people (and scrapers) allowed into the operator API, Hawtio and Jolokia
 * @param login how many failed logins are tolerated before further attempts are refused unchecked
 */
@ConfigurationProperties(prefix = "alerthub.security", ignoreUnknownFields = false)
public record OperatorSecurityProperties(List<User> users, Login login) {

    public OperatorSecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        login = login == null ? new Login(null, null, null, null) : login;
    }

    /**
     * The login throttle: after this many failed logins (form or HTTP Basic) within {@code window}, a user name or a
     * source address is answered 429 without its password being checked, until {@code window} has passed since its
     * last failure; a successful login clears the user's count.
     *
     * @param maxFailuresPerUser    failures of one user name, from anywhere
     * @param maxFailuresPerAddress failures from one source address, for any user names
     * @param window                how long a failure is remembered (counted from the latest one)
     * @param maxTracked            user names and addresses remembered at most each (oldest forgotten first)
     */
    public record Login(Integer maxFailuresPerUser, Integer maxFailuresPerAddress, Duration window,
                        Integer maxTracked) {

        public Login {
            maxFailuresPerUser = maxFailuresPerUser == null ? 5 : maxFailuresPerUser;
            maxFailuresPerAddress = maxFailuresPerAddress == null ? 20 : maxFailuresPerAddress;
            window = window == null ? Duration.ofMinutes(15) : window;
            maxTracked = maxTracked == null ? 10_000 : maxTracked;
        }
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
