package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.core.GrantedAuthority;

class OidcGroupRolesTest {

    private static OperatorSecurityProperties.Oidc oidc(OperatorSecurityProperties.GroupMapping... groups) {
        return new OperatorSecurityProperties.Oidc(true, null, null, null, List.of(groups));
    }

    private static OperatorSecurityProperties.GroupMapping group(String name, List<String> customers,
                                                                 String... roles) {
        return new OperatorSecurityProperties.GroupMapping(name, List.of(roles), customers);
    }

    @Test
    void aPersonGetsTheRolesAndCustomersOfEveryMappedGroup() {
        OidcGroupRoles roles = OidcGroupRoles.load(oidc(
                group("msp-admins", null, "admin"),
                group("acme-ops", List.of("acme"), "operator"),
                group("bravo-watch", List.of("bravo"), "viewer")), Set.of("acme", "bravo", "demo"));

        assertThat(roles.authoritiesFor(List.of("acme-ops", "staff"))).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "CUSTOMER_acme");
        assertThat(roles.authoritiesFor(List.of("acme-ops", "bravo-watch"))).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER", "CUSTOMER_acme", "CUSTOMER_bravo");
        assertThat(roles.authoritiesFor(List.of("msp-admins"))).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "CUSTOMER_*");
        assertThat(roles.authoritiesFor(List.of("staff"))).as("no mapped group: refused").isEmpty();
    }

    @Test
    void enabledWithoutItsClientRegistrationTheStartStopsSayingWhatToSet() {
        ObjectProvider<ClientRegistrationRepository> none =
                new StaticListableBeanFactory().getBeanProvider(ClientRegistrationRepository.class);

        assertThatThrownBy(() -> SecurityConfig.oidcLogin(null, oidc(group("noc", null, "viewer")), none, Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("alerthub.security.oidc.registration: no client registration \"idp\" (set "
                        + "spring.security.oauth2.client.registration.idp.client-id, .client-secret, .scope and "
                        + "spring.security.oauth2.client.provider.idp.issuer-uri; docs/security.md)");
    }

    @Test
    void mappingMistakesStopTheStartWithEveryError() {
        assertThatThrownBy(() -> OidcGroupRoles.load(oidc(
                group("acme-ops", List.of("acmee"), "operator"),
                group("acme-ops", null, "viewer"),
                group(" ", null, "root")), Set.of("acme")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("""
                        invalid oidc group mappings:
                          alerthub.security.oidc.groups[0].customers[0]: unknown customer "acmee" (defined: "acme")
                          alerthub.security.oidc.groups[1].group: duplicate group "acme-ops"
                          alerthub.security.oidc.groups[2].group: must not be blank
                          alerthub.security.oidc.groups[2].roles[0]: unknown role "root" \
                        (defined: "viewer", "operator", "admin")\
                        """);
        assertThatThrownBy(() -> OidcGroupRoles.load(oidc(), Set.of("acme")))
                .hasMessageContaining("alerthub.security.oidc.groups: must map at least one group");
    }
}
