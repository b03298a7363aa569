package io.alerthub.support.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect identity provider for tests: Spring Authorization Server in its own small Spring Boot
 * application on a random port of this JVM, with client {@code hub} / {@code hub-secret} and people whose ID tokens
 * carry {@code preferred_username} and a {@code groups} claim.
 *
 * <p>Deliberately not a {@code @Configuration}: the hub's component scan and {@code @SpringBootTest}'s nested-class
 * detection must never pick these beans up.
 */
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
class TestIdentityProvider {

    /** Each person's password is {@code <name>-pw}. */
    static final Map<String, List<String>> GROUPS = Map.of(
            "alice", List.of("acme-ops", "staff"),
            "bob", List.of("msp-admins"),
            "carol", List.of("staff"));

    private static final String CLIENT = "hub";

    /** A running provider. */
    record Running(ConfigurableApplicationContext context) implements AutoCloseable {

        /** The issuer: {@code localhost}, so its cookies never mix with the hub's on 127.0.0.1. */
        String issuer() {
            return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        /** Lets the hub on {@code hubBaseUrl} use the provider (its exact redirect URI). */
        void registerHub(String hubBaseUrl) {
            context.getBean(InMemoryRegisteredClientRepository.class).save(client(hubBaseUrl));
        }

        @Override
        public void close() {
            context.close();
        }
    }

    static Running start() {
        // the hub's application.yaml is not this application's: read no configuration files at all
        return new Running(new SpringApplicationBuilder(TestIdentityProvider.class)
                .properties("spring.config.location=optional:classpath:/no-such-config/", "server.port=0",
                        "spring.jmx.enabled=false", "spring.main.banner-mode=off", "spring.application.name=test-idp")
                .run());
    }

    private static RegisteredClient client(String hubBaseUrl) {
        return RegisteredClient.withId(CLIENT)
                .clientId(CLIENT)
                .clientSecret("{noop}hub-secret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(hubBaseUrl + "/login/oauth2/code/idp")
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        return http
                .securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginPage(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService people() {
        return new InMemoryUserDetailsManager(GROUPS.keySet().stream()
                .map(name -> User.withUsername(name).password("{noop}" + name + "-pw").roles("USER").build())
                .toList());
    }

    @Bean
    InMemoryRegisteredClientRepository clients() {
        // replaced by registerHub once the hub's port is known
        return new InMemoryRegisteredClientRepository(client("http://127.0.0.1:1"));
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> namesAndGroups() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                String name = context.getPrincipal().getName();
                context.getClaims().claim("preferred_username", name)
                        .claim("groups", GROUPS.getOrDefault(name, List.of()));
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder().build();
    }
}
