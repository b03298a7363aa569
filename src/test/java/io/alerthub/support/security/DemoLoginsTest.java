package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo contract as shipped (application-demo.yaml and customers/): login demo / demo is an admin of every
 * customer, acme / acme an operator of customer acme only, and customer acme takes ingest token acme-token.
 */
class DemoLoginsTest {
    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void theShippedDemoLoginsAreAdminOfAllAndOperatorOfAcme() throws Exception {
        List<PropertySource<?>> demo = new YamlPropertySourceLoader().load("application-demo",
                new ClassPathResource("application-demo.yaml"));
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(new PasswordRef.FromString());
        OperatorSecurityProperties properties = new Binder(ConfigurationPropertySources.from(demo), null, conversions)
                .bind("alerthub.security", OperatorSecurityProperties.class).get();
        CustomerRegistry customers = new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO),
                DemoEnvironment.mock(DemoFleetKeys.newClientKey()), null, null);

        Map<String, UserDetails> users = OperatorUsers.load(properties, name -> null, ENCODER,
                customers.customerIds()).stream().collect(Collectors.toMap(UserDetails::getUsername,
                Function.identity()));

        assertThat(demo.get(0).getProperty("ACME_TOKEN")).isEqualTo("acme-token");
        assertThat(users).containsOnlyKeys("demo", "acme");
        assertThat(ENCODER.matches("demo", users.get("demo").getPassword())).isTrue();
        assertThat(users.get("demo").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "CUSTOMER_*");
        assertThat(ENCODER.matches("acme", users.get("acme").getPassword())).isTrue();
        assertThat(users.get("acme").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "CUSTOMER_acme");

        CustomerScope scope = new CustomerScope(Role.hierarchy(),
                new InMemoryUserDetailsManager(users.values()));
        assertThat(scope.allowsOperator("acme", "acme")).isTrue();
        assertThat(scope.allowsOperator("acme", "demo")).isFalse();
        assertThat(scope.allowsOperator("demo", "acme")).isTrue();
    }

    @Test
    void customerAcmeTakesTheDemoProfilesToken() {
        CustomerRegistry customers = new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO),
                DemoEnvironment.mock(DemoFleetKeys.newClientKey()), null, null);

        CustomerConfig acme = customers.find("acme").orElseThrow();
        assertThat(acme.hosts()).isEmpty();
        assertThat(acme.ingest().auth()).singleElement()
                .satisfies(c -> assertThat(c.secret().matches("acme-token")).isTrue());
        assertThat(customers.customerIds()).containsExactlyInAnyOrder("demo", "acme");
    }
}
