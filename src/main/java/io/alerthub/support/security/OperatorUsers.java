package io.alerthub.support.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Turns {@code alerthub.security.users} into Spring Security users, resolving password references and failing
 * once with every configuration error.
 */
public final class OperatorUsers {

    /** Hash schemes accepted in configuration: slow, salted, and available without extra libraries. */
    static final List<String> ACCEPTED_HASH_IDS = List.of("bcrypt", "pbkdf2@SpringSecurity_v5_8");

    private static final Pattern ENCODED = Pattern.compile("^\\{([^}]*)}.+", Pattern.DOTALL);
    private static final String HOW = "use {env: NAME} or a hash such as \"{bcrypt}$2a$10$...\"";

    private OperatorUsers() {
    }

    /** As {@link #load(OperatorSecurityProperties, UnaryOperator, PasswordEncoder, Set)}, any customer id taken. */
    public static List<UserDetails> load(OperatorSecurityProperties properties, UnaryOperator<String> lookup,
                                         PasswordEncoder encoder) {
        return load(properties, lookup, encoder, null);
    }

    /**
     * Builds the users.
     *
     * @param properties      the bound configuration
     * @param lookup          resolves an environment reference to its value, or null when it is not set
     * @param encoder         the delegating encoder, used to hash a password taken from the environment in plaintext
     * @param knownCustomers  the customer ids a login may name, or null to take any
     * @return the users, possibly none
     * @throws IllegalStateException naming every invalid entry
     */
    public static List<UserDetails> load(OperatorSecurityProperties properties, UnaryOperator<String> lookup,
                                         PasswordEncoder encoder, Set<String> knownCustomers) {
        List<String> errors = new ArrayList<>();
        List<UserDetails> users = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<OperatorSecurityProperties.User> configured = properties.users();
        for (int i = 0; i < configured.size(); i++) {
            OperatorSecurityProperties.User user = configured.get(i);
            String path = "alerthub.security.users[" + i + "]";
            int before = errors.size();
            String username = user == null ? null : user.username();
            unique(path + ".username", "username", username, seen, errors);
            List<GrantedAuthority> authorities = grant(path, user == null ? List.of() : user.roles(),
                    user == null ? null : user.customers(), knownCustomers, errors);
            String encoded = password(path, user == null ? null : user.password(), lookup, encoder, errors);
            if (errors.size() == before) {
                users.add(User.withUsername(username)
                        .password(encoded)
                        .authorities(authorities)
                        .build());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("invalid operator users:\n  " + String.join("\n  ", errors));
        }
        return List.copyOf(users);
    }

    /** Reports a blank or repeated name ({@code what}: how the message calls it). */
    static void unique(String path, String what, String name, Set<String> seen, List<String> errors) {
        if (name == null || name.isBlank()) {
            errors.add(path + ": must not be blank");
        } else if (!seen.add(name)) {
            errors.add(path + ": duplicate " + what + " \"" + name + "\"");
        }
    }

    /**
     * The authorities of configured roles and customers (a login's, or an OIDC group's), reporting what is wrong
     * with either under {@code path}.
     */
    static List<GrantedAuthority> grant(String path, List<String> roleNames, List<String> customerIds,
                                        Set<String> knownCustomers, List<String> errors) {
        List<Role> roles = roles(path, roleNames, errors);
        List<String> customers = customers(path, customerIds, roles, knownCustomers, errors);
        List<GrantedAuthority> authorities = new ArrayList<>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        authorities.addAll(CustomerScope.authorities(customers));
        return List.copyOf(authorities);
    }

    private static List<Role> roles(String path, List<String> names, List<String> errors) {
        if (names.isEmpty()) {
            errors.add(path + ".roles: must name at least one role (defined: " + Role.quotedConfigNames() + ")");
            return List.of();
        }
        List<Role> roles = new ArrayList<>();
        for (int r = 0; r < names.size(); r++) {
            Optional<Role> role = Role.fromConfigName(names.get(r));
            if (role.isPresent()) {
                roles.add(role.get());
            } else {
                errors.add(path + ".roles[" + r + "]: unknown role \"" + names.get(r) + "\" (defined: "
                        + Role.quotedConfigNames() + ")");
            }
        }
        return roles;
    }

    /**
     * The customers a login sees: absent means every customer (configurations from before per-customer roles); an
     * admin always sees every customer, so a shorter list for one is a mistake, reported rather than ignored.
     */
    private static List<String> customers(String path, List<String> ids, List<Role> roles, Set<String> known,
                                          List<String> errors) {
        if (ids == null) {
            return List.of(CustomerScope.EVERY_CUSTOMER);
        }
        if (ids.isEmpty()) {
            errors.add(path + ".customers: must name at least one customer id, or \"" + CustomerScope.EVERY_CUSTOMER
                    + "\" for every customer");
            return List.of();
        }
        if (ids.contains(CustomerScope.EVERY_CUSTOMER)) {
            if (ids.size() > 1) {
                errors.add(path + ".customers: \"" + CustomerScope.EVERY_CUSTOMER
                        + "\" (every customer) cannot be combined with customer ids");
            }
            return List.of(CustomerScope.EVERY_CUSTOMER);
        }
        if (roles.contains(Role.ADMIN)) {
            errors.add(path + ".customers: an admin sees every customer; give [\"" + CustomerScope.EVERY_CUSTOMER
                    + "\"] or leave customers out, or use the operator role");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int c = 0; c < ids.size(); c++) {
            String id = ids.get(c);
            if (id == null || id.isBlank()) {
                errors.add(path + ".customers[" + c + "]: must not be blank");
            } else if (known != null && !known.contains(id)) {
                errors.add(path + ".customers[" + c + "]: unknown customer \"" + id + "\" (defined: "
                        + (known.isEmpty() ? "none" : known.stream().sorted().map(k -> "\"" + k + "\"")
                        .collect(Collectors.joining(", "))) + ")");
            } else {
                distinct.add(id);
            }
        }
        return List.copyOf(distinct);
    }

    private static String password(String path, PasswordRef ref, UnaryOperator<String> lookup,
                                   PasswordEncoder encoder, List<String> errors) {
        boolean hasEnv = ref != null && ref.env() != null && !ref.env().isBlank();
        boolean hasHash = ref != null && ref.hash() != null && !ref.hash().isBlank();
        if (!hasEnv && !hasHash) {
            errors.add(path + ".password: missing; " + HOW);
            return null;
        }
        if (hasEnv && hasHash) {
            errors.add(path + ".password: give either env or a hash, not both");
            return null;
        }
        if (hasHash) {
            return configuredHash(path, ref.hash(), errors);
        }
        String value = lookup.apply(ref.env());
        if (value == null || value.isEmpty()) {
            errors.add(path + ".password.env: environment variable \"" + ref.env() + "\" is not set");
            return null;
        }
        // The environment is the secret store: a value may be a ready hash, otherwise it is the password itself
        // and is hashed here so that the plaintext is not kept in memory.
        Matcher encoded = ENCODED.matcher(value);
        if (encoded.matches() && ACCEPTED_HASH_IDS.contains(encoded.group(1))) {
            return value;
        }
        return encoder.encode(value);
    }

    private static String configuredHash(String path, String hash, List<String> errors) {
        Matcher encoded = ENCODED.matcher(hash);
        if (!encoded.matches()) {
            // The value is not echoed: it is most likely a plaintext password.
            errors.add(path + ".password: plaintext is not allowed in configuration; " + HOW);
            return null;
        }
        String id = encoded.group(1);
        if (!ACCEPTED_HASH_IDS.contains(id)) {
            errors.add(path + ".password: unsupported hash scheme \"{" + id + "}\" (accepted: "
                    + String.join(", ", ACCEPTED_HASH_IDS.stream().map(s -> "\"{" + s + "}\"").toList()) + ")");
            return null;
        }
        return hash;
    }
}
