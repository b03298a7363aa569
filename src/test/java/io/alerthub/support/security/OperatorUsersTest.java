package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class OperatorUsersTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static final String DEMO_HASH = "{bcrypt}$2a$10$ux5dd6wsEbaH9J68L3N2TedNby12ay6NzHxYNSYL6i2twEVwxnowG";

    private static OperatorSecurityProperties.User user(String name, PasswordRef password, String... roles) {
        return new OperatorSecurityProperties.User(name, password, List.of(roles), null);
    }

    private static List<UserDetails> load(Map<String, String> env, OperatorSecurityProperties.User... users) {
        return OperatorUsers.load(new OperatorSecurityProperties(List.of(users), null, null, null), env::get, ENCODER);
    }

    private static OperatorSecurityProperties.User scoped(String name, List<String> customers, String... roles) {
        return new OperatorSecurityProperties.User(name, new PasswordRef(null, DEMO_HASH), List.of(roles), customers);
    }

    private static List<UserDetails> loadKnowing(Set<String> customers, OperatorSecurityProperties.User... users) {
        return OperatorUsers.load(new OperatorSecurityProperties(List.of(users), null, null, null), name -> null, ENCODER,
                customers);
    }

    @Test
    void passwordFromTheEnvironmentIsHashedAndChecks() {
        List<UserDetails> users = load(Map.of("OPS_PASSWORD", "s3cret"),
                user("ops", new PasswordRef("OPS_PASSWORD", null), "operator"));

        UserDetails ops = users.get(0);
        assertThat(ops.getPassword()).startsWith("{bcrypt}").doesNotContain("s3cret");
        assertThat(ENCODER.matches("s3cret", ops.getPassword())).isTrue();
        assertThat(ENCODER.matches("wrong", ops.getPassword())).isFalse();
        assertThat(ops.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .as("no customers given: every customer, as before per-customer roles")
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "CUSTOMER_*");
    }

    @Test
    void hashFromTheEnvironmentIsUsedAsIs() {
        List<UserDetails> users = load(Map.of("DEMO_HASH", DEMO_HASH),
                user("demo", new PasswordRef("DEMO_HASH", null), "viewer"));

        assertThat(users.get(0).getPassword()).isEqualTo(DEMO_HASH);
        assertThat(ENCODER.matches("demo", users.get(0).getPassword())).isTrue();
    }

    @Test
    void configuredHashAndCaseInsensitiveRoles() {
        List<UserDetails> users = load(Map.of(), user("demo", new PasswordRef(null, DEMO_HASH), "Admin", "viewer"));

        assertThat(ENCODER.matches("demo", users.get(0).getPassword())).isTrue();
        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_VIEWER", "CUSTOMER_*");
    }

    @Test
    void noUsersIsAllowed() {
        assertThat(load(Map.of())).isEmpty();
    }

    @Test
    void everyErrorIsReportedOnceWithoutLeakingSecrets() {
        assertThatThrownBy(() -> load(Map.of(),
                user(" ", new PasswordRef(null, DEMO_HASH), "viewer"),
                user("ann", new PasswordRef(null, "hunter2"), "root"),
                user("ann", new PasswordRef(null, "{noop}hunter2"), "viewer"),
                user("bob", new PasswordRef("BOB_PASSWORD", null)),
                user("cy", new PasswordRef("CY_PASSWORD", DEMO_HASH), "admin"),
                user("dee", null, "admin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("""
                        invalid operator users:
                          alerthub.security.users[0].username: must not be blank
                          alerthub.security.users[1].roles[0]: unknown role "root" (defined: "viewer", "operator", "admin")
                          alerthub.security.users[1].password: plaintext is not allowed in configuration; \
                        use {env: NAME} or a hash such as "{bcrypt}$2a$10$..."
                          alerthub.security.users[2].username: duplicate username "ann"
                          alerthub.security.users[2].password: unsupported hash scheme "{noop}" \
                        (accepted: "{bcrypt}", "{pbkdf2@SpringSecurity_v5_8}")
                          alerthub.security.users[3].roles: must name at least one role \
                        (defined: "viewer", "operator", "admin")
                          alerthub.security.users[3].password.env: environment variable "BOB_PASSWORD" is not set
                          alerthub.security.users[4].password: give either env or a hash, not both
                          alerthub.security.users[5].password: missing; use {env: NAME} or a hash such as \
                        "{bcrypt}$2a$10$..."\
                        """)
                .message().doesNotContain("hunter2");
    }

    @Test
    void customersBecomeAuthoritiesOfTheLogin() {
        List<UserDetails> users = loadKnowing(Set.of("acme", "demo", "bravo"),
                scoped("acme", List.of("acme", "bravo", "acme"), "operator"),
                scoped("everyone", List.of("*"), "viewer"),
                scoped("boss", List.of("*"), "admin"));

        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "CUSTOMER_acme", "CUSTOMER_bravo");
        assertThat(users.get(1).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_VIEWER", "CUSTOMER_*");
        assertThat(users.get(2).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "CUSTOMER_*");
    }

    @Test
    void customerMistakesAreReportedWithTheUser() {
        assertThatThrownBy(() -> loadKnowing(Set.of("demo", "acme"),
                scoped("typo", List.of("acme", "acm"), "operator"),
                scoped("nobody", List.of(), "viewer"),
                scoped("mixed", List.of("*", "demo"), "viewer"),
                scoped("limited-admin", List.of("acme"), "admin"),
                scoped("blank", List.of(" "), "viewer")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("""
                        invalid operator users:
                          alerthub.security.users[0].customers[1]: unknown customer "acm" (defined: "acme", "demo")
                          alerthub.security.users[1].customers: must name at least one customer id, or "*" for every \
                        customer
                          alerthub.security.users[2].customers: "*" (every customer) cannot be combined with customer ids
                          alerthub.security.users[3].customers: an admin sees every customer; give ["*"] or leave \
                        customers out, or use the operator role
                          alerthub.security.users[4].customers[0]: must not be blank\
                        """);
    }

    @Test
    void theHubChecksLoginsAgainstItsCustomersAtStartUp() {
        CustomerDirectory directory = () -> Set.of("demo", "acme");
        ObjectProvider<CustomerDirectory> customers =
                new StaticListableBeanFactory(Map.of("customerRegistry", directory)).getBeanProvider(
                        CustomerDirectory.class);
        OperatorSecurityProperties typo = new OperatorSecurityProperties(
                List.of(scoped("acme", List.of("acmee"), "operator")), null, null, null);

        assertThatThrownBy(() -> new SecurityConfig().operatorUsers(typo, new MockEnvironment(), ENCODER, customers))
                .hasMessageContaining("alerthub.security.users[0].customers[0]: unknown customer \"acmee\" "
                        + "(defined: \"acme\", \"demo\")");
        OperatorSecurityProperties right = new OperatorSecurityProperties(
                List.of(scoped("acme", List.of("acme"), "operator")), null, null, null);
        assertThat(new SecurityConfig().operatorUsers(right, new MockEnvironment(), ENCODER, customers)
                .loadUserByUsername("acme").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .contains("CUSTOMER_acme");
        OperatorSecurityProperties lenient = new OperatorSecurityProperties(typo.users(), null, null,
                OperatorSecurityProperties.UnknownCustomers.WARN);
        assertThat(new SecurityConfig().operatorUsers(lenient, new MockEnvironment(), ENCODER, customers)
                .loadUserByUsername("acme").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .as("unknown-customers: warn: started, and the login sees nothing but the missing customer")
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "CUSTOMER_acmee");
    }

    @Test
    void withoutAKnownCustomerListAnyIdIsTaken() {
        List<UserDetails> users = load(Map.of(), scoped("later", List.of("not-yet-there"), "viewer"));

        assertThat(users.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .contains("CUSTOMER_not-yet-there");
    }

    @Test
    void passwordReferenceNeverPrintsTheHash() {
        assertThat(new PasswordRef(null, DEMO_HASH)).hasToString("<secret>");
        assertThat(new PasswordRef("OPS_PASSWORD", null)).hasToString("{env: OPS_PASSWORD}");
    }
}
