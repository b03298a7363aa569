package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class OperatorUsersTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static final String DEMO_HASH = "{bcrypt}$2a$10$ux5dd6wsEbaH9J68L3N2TedNby12ay6NzHxYNSYL6i2twEVwxnowG";

    private static OperatorSecurityProperties.User user(String name, PasswordRef password, String... roles) {
        return new OperatorSecurityProperties.User(name, password, List.of(roles));
    }

    private static List<UserDetails> load(Map<String, String> env, OperatorSecurityProperties.User... users) {
        return OperatorUsers.load(new OperatorSecurityProperties(List.of(users), null), env::get, ENCODER);
    }

    @Test
    void passwordFromTheEnvironmentIsHashedAndChecks() {
        List<UserDetails> users = load(Map.of("OPS_PASSWORD", "s3cret"),
                user("ops", new PasswordRef("OPS_PASSWORD", null), "operator"));

        UserDetails ops = users.get(0);
        assertThat(ops.getPassword()).startsWith("{bcrypt}").doesNotContain("s3cret");
        assertThat(ENCODER.matches("s3cret", ops.getPassword())).isTrue();
        assertThat(ENCODER.matches("wrong", ops.getPassword())).isFalse();
        assertThat(ops.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_OPERATOR");
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
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_VIEWER");
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
    void passwordReferenceNeverPrintsTheHash() {
        assertThat(new PasswordRef(null, DEMO_HASH)).hasToString("<secret>");
        assertThat(new PasswordRef("OPS_PASSWORD", null)).hasToString("{env: OPS_PASSWORD}");
    }
}
