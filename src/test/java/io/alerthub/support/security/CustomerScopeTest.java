package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class CustomerScopeTest {

    private final CustomerScope scope = new CustomerScope(Role.hierarchy(), new InMemoryUserDetailsManager(
            user("acme-op", "ROLE_OPERATOR", "CUSTOMER_acme"),
            user("acme-viewer", "ROLE_VIEWER", "CUSTOMER_acme"),
            user("everyone", "ROLE_OPERATOR", "CUSTOMER_*"),
            user("boss", "ROLE_ADMIN"),
            User.withUsername("gone").password("{noop}x").authorities("ROLE_OPERATOR", "CUSTOMER_*")
                    .disabled(true).build()));

    private static org.springframework.security.core.userdetails.UserDetails user(String name, String... authorities) {
        return User.withUsername(name).password("{noop}x").authorities(authorities).build();
    }

    private static Authentication login(String name, String... authorities) {
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                AuthorityUtils.createAuthorityList(authorities));
    }

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aLoginIsLimitedToItsCustomersUnlessItSeesEveryCustomerOrIsAnAdmin() {
        assertThat(scope.limitedTo(login("a", "ROLE_OPERATOR", "CUSTOMER_acme", "CUSTOMER_bravo")))
                .contains(Set.of("acme", "bravo"));
        assertThat(scope.limitedTo(login("b", "ROLE_VIEWER", "CUSTOMER_*"))).isEmpty();
        assertThat(scope.limitedTo(login("c", "ROLE_ADMIN"))).as("admin is global").isEmpty();
        assertThat(scope.limitedTo(login("d", "ROLE_ADMIN", "CUSTOMER_acme"))).isEmpty();
        assertThat(scope.limitedTo(login("e", "ROLE_OPERATOR"))).as("no customer authority: none")
                .contains(Set.of());
    }

    @Test
    void withoutALoginNothingIsVisible() {
        assertThat(scope.limitedTo((Authentication) null)).contains(Set.of());
        assertThat(scope.limitedTo(new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS", "CUSTOMER_*")))).contains(Set.of());
        assertThat(scope.allows("acme")).as("no security context on this thread").isFalse();
        assertThat(scope.within()).isEmpty();
    }

    @Test
    void theCurrentCallerDecides() {
        SecurityContextHolder.getContext().setAuthentication(login("a", "ROLE_VIEWER", "CUSTOMER_acme"));
        assertThat(scope.allows("acme")).isTrue();
        assertThat(scope.allows("demo")).isFalse();
        assertThat(scope.allows(null)).isFalse();
        assertThat(scope.within()).containsExactly("acme");
        assertThat(scope.limitedTo()).isEqualTo(Optional.of(Set.of("acme")));

        SecurityContextHolder.getContext().setAuthentication(login("b", "ROLE_ADMIN"));
        assertThat(scope.allows("demo")).isTrue();
        assertThat(scope.within()).as("no filter for an admin").isNull();
    }

    @Test
    void aNamedOperatorMayActOnlyOnItsCustomers() {
        assertThat(scope.allowsOperator("acme-op", "acme")).isTrue();
        assertThat(scope.allowsOperator("acme-op", "demo")).isFalse();
        assertThat(scope.allowsOperator("everyone", "demo")).isTrue();
        assertThat(scope.allowsOperator("boss", "demo")).isTrue();
        assertThat(scope.allowsOperator("acme-viewer", "acme")).as("a viewer does not act").isFalse();
        assertThat(scope.allowsOperator("gone", "acme")).as("disabled").isFalse();
        for (String nobody : List.of("", " ", "stranger")) {
            assertThat(scope.allowsOperator(nobody, "acme")).as(nobody).isFalse();
        }
        assertThat(scope.allowsOperator(null, "acme")).isFalse();
        assertThat(scope.allowsOperator("acme-op", null)).isFalse();
    }
}
