package io.alerthub.support.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator logins of the hub ({@code alerthub.security.*}); passwords are references, never plaintext.
 *
 * @param users the people (and scrapers) allowed into the operator API, Hawtio and Jolokia
 * @param login how many failed logins are tolerated before further attempts are refused unchecked
 * @param oidc  optional login through an OpenID Connect identity provider, off by default
 * @param unknownCustomers what a login or group mapping naming a customer the hub does not have at start-up does:
 *                         stop the start ({@code fail}, the default) or log a warning and see nothing of it
 *                         ({@code warn}: for test set-ups that serve other customers than the shipped logins name)
 */
@ConfigurationProperties(prefix = "alerthub.security", ignoreUnknownFields = false)
public record OperatorSecurityProperties(List<User> users, Login login, Oidc oidc, UnknownCustomers unknownCustomers) {

    /** What happens to customer ids in logins that name no customer of the hub. */
    public enum UnknownCustomers {
        FAIL,
        WARN
    }

    public OperatorSecurityProperties {
        unknownCustomers = unknownCustomers == null ? UnknownCustomers.FAIL : unknownCustomers;
        users = users == null ? List.of() : List.copyOf(users);
        login = login == null ? new Login(null, null, null, null) : login;
        oidc = oidc == null ? new Oidc(null, null, null, null, null) : oidc;
    }

    /**
     * Login through an OpenID Connect identity provider (Keycloak, Entra ID, Okta…) besides the configured users:
     * the person's IdP groups give the hub roles and customers; a person none of whose groups is mapped is refused.
     * The provider itself is a Spring Security client registration
     * ({@code spring.security.oauth2.client.registration.<registration>.*} and {@code ….provider.<registration>.*}).
     *
     * @param enabled       whether the login page offers the provider
     * @param registration  the id of the client registration to use
     * @param usernameClaim the ID token / user info claim that names the person in the hub (timeline actor)
     * @param groupsClaim   the claim listing the person's groups (a list of strings, or one string)
     * @param groups        which group gives which roles and customers; a person in several groups gets all of them
     */
    public record Oidc(Boolean enabled, String registration, String usernameClaim, String groupsClaim,
                       List<GroupMapping> groups) {

        public Oidc {
            enabled = enabled != null && enabled;
            registration = registration == null || registration.isBlank() ? "idp" : registration;
            usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
            groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    /**
     * What one IdP group gives.
     *
     * @param group     the group's name as the IdP sends it in the groups claim
     * @param roles     configuration names of the roles, as for users
     * @param customers the customer ids, or {@code ["*"]}; absent means every customer, as for users
     */
    public record GroupMapping(String group, List<String> roles, List<String> customers) {

        public GroupMapping {
            roles = roles == null ? List.of() : List.copyOf(roles);
            customers = customers == null ? null : List.copyOf(customers);
        }
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
     * @param username  the login name
     * @param password  where the password comes from
     * @param roles     configuration names of the roles ({@code viewer}, {@code operator}, {@code admin})
     * @param customers the customer ids whose data the login sees and acts on, or {@code ["*"]} for every customer;
     *                  absent means every customer (so configurations from before per-customer roles keep working)
     */
    public record User(String username, PasswordRef password, List<String> roles, List<String> customers) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
            customers = customers == null ? null : List.copyOf(customers);
        }
    }
}
