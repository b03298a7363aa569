package io.alerthub.support.security;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The hub's HTTP security: an open, stateless chain for machine ingest (the route checks each customer's token),
 * open build info, and one login-protected chain (with open health probes and a failed-login throttle) for the
 * operator API, actuator, Hawtio and Jolokia.
 *
 * <p>All matchers are {@link PathPatternRequestMatcher}s: Hawtio and Jolokia register servlets of their own, and
 * Spring's MVC-aware string matchers then refuse to start.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    static final String INGEST = "/api/v1/customers/**";
    /** Slack's interactivity request URL: signed by Slack, checked by the controller (it cannot log in). */
    static final String SLACK_INTERACTIONS = "/api/v1/slack/interactions";
    static final String LOGIN_PAGE = "/login";

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /**
     * Webhooks, SNS and Slack's button presses: no session, no CSRF, no login; per-customer token/HMAC auth happens in
     * the route, Slack's request signature in its controller.
     */
    @Bean
    @Order(1)
    SecurityFilterChain ingestChain(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(new OrRequestMatcher(PATHS.matcher(INGEST),
                        PATHS.matcher(HttpMethod.POST, SLACK_INTERACTIONS)))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    /** Build info: open, stateless. Health is open too, but in the operator chain, so an admin's login shows details. */
    @Bean
    @Order(2)
    SecurityFilterChain probeChain(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(PATHS.matcher(HttpMethod.GET, "/actuator/info"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    /**
     * Everything else: form login for browsers, HTTP Basic for curl and scrapers, roles per path, CSRF for
     * browser sessions.
     */
    @Bean
    @Order(3)
    SecurityFilterChain operatorChain(HttpSecurity http, LoginAttempts loginAttempts, RoleHierarchy roleHierarchy,
                                      CustomerScope customerScope, OperatorSecurityProperties properties,
                                      ObjectProvider<ClientRegistrationRepository> registrations,
                                      ObjectProvider<CustomerDirectory> customers) throws Exception {
        // Hawtio, Jolokia and the actuator show every customer's routes, messages and metrics at once: a login
        // limited to some customers never gets in, whatever its role.
        AuthorizationManager<RequestAuthorizationContext> everyCustomerViewer =
                everyCustomer(Role.VIEWER, roleHierarchy, customerScope);
        SecurityProblemResponses problems = new SecurityProblemResponses();
        CookieCsrfTokenRepository csrfCookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookies.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        if (properties.oidc().enabled()) {
            oidcLogin(http, properties.oidc(), registrations, knownCustomers(properties, customers));
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher("/error"), PATHS.matcher(LOGIN_PAGE)).permitAll()
                        // load-balancer probes need no login; details (when-authorized) only for a logged-in admin
                        .requestMatchers(PATHS.matcher(HttpMethod.GET, "/actuator/health/**")).permitAll()
                        // Jolokia accepts only POST; the restrictor decides per role what each call may do.
                        .requestMatchers(PATHS.matcher("/actuator/hawtio/**"), PATHS.matcher("/actuator/jolokia/**"))
                            .access(everyCustomerViewer)
                        .requestMatchers(reads("/actuator/**")).access(everyCustomerViewer)
                        .requestMatchers(PATHS.matcher("/actuator/**")).hasRole(Role.ADMIN.name())
                        .requestMatchers(writes("/api/v1/incidents/**")).hasRole(Role.OPERATOR.name())
                        .requestMatchers(writes("/api/v1/silences/**")).hasRole(Role.OPERATOR.name())
                        .requestMatchers(reads("/api/**")).hasRole(Role.VIEWER.name())
                        .requestMatchers(PATHS.matcher("/api/**")).hasRole(Role.ADMIN.name())
                        .requestMatchers(reads("/**")).hasRole(Role.VIEWER.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .addFilterBefore(new LoginThrottleFilter(loginAttempts, LOGIN_PAGE),
                        UsernamePasswordAuthenticationFilter.class)
                .httpBasic(basic -> basic.realmName(SecurityProblemResponses.REALM).authenticationEntryPoint(problems))
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // Default entry points rather than one fixed entry point: with a fixed one Spring drops the
                // generated login page. Registered first, so they win over form login's and Basic's own defaults.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE), BrowserRequests::isPageNavigation)
                        .defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(problems))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfCookies)
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        // curl/scripts with Basic credentials cannot be the victim of a forged cross-site request.
                        .ignoringRequestMatchers(BrowserRequests::isBasicFromSameSiteOrNonBrowser))
                .build();
    }

    /**
     * Adds "log in with" the OpenID Connect provider to the login page ({@code alerthub.security.oidc}); the provider
     * is a Spring Security client registration, and a missing one stops the start with a message saying so.
     */
    static void oidcLogin(HttpSecurity http, OperatorSecurityProperties.Oidc oidc,
                                  ObjectProvider<ClientRegistrationRepository> registrations,
                                  Set<String> knownCustomers) throws Exception {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (repository == null || repository.findByRegistrationId(oidc.registration()) == null) {
            throw new IllegalStateException("alerthub.security.oidc.registration: no client registration \""
                    + oidc.registration() + "\" (set spring.security.oauth2.client.registration." + oidc.registration()
                    + ".client-id, .client-secret, .scope and spring.security.oauth2.client.provider."
                    + oidc.registration() + ".issuer-uri; docs/security.md)");
        }
        OidcGroupRoles groupRoles = OidcGroupRoles.load(oidc, knownCustomers);
        OidcOperators operators = new OidcOperators(oidc, groupRoles);
        // no loginPage(...): the generated /login page then offers the provider next to the password form
        http.oauth2Login(login -> login
                .clientRegistrationRepository(repository)
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(operators)));
        LOG.info("oidc login through client registration \"{}\": {} group mappings", oidc.registration(),
                oidc.groups().size());
    }

    /** The role (or a higher one) and a login that sees every customer. */
    private static AuthorizationManager<RequestAuthorizationContext> everyCustomer(Role role, RoleHierarchy hierarchy,
                                                                                  CustomerScope scope) {
        AuthorityAuthorizationManager<RequestAuthorizationContext> hasRole =
                AuthorityAuthorizationManager.hasRole(role.name());
        hasRole.setRoleHierarchy(hierarchy);
        AuthorizationManager<RequestAuthorizationContext> unlimited = (authentication, context) ->
                new AuthorizationDecision(scope.limitedTo(authentication.get()).isEmpty());
        return AuthorizationManagers.allOf(hasRole, unlimited);
    }

    private static RequestMatcher reads(String pattern) {
        return new OrRequestMatcher(PATHS.matcher(HttpMethod.GET, pattern), PATHS.matcher(HttpMethod.HEAD, pattern));
    }

    private static RequestMatcher writes(String pattern) {
        return new OrRequestMatcher(List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
                .stream().<RequestMatcher>map(method -> PATHS.matcher(method, pattern)).toList());
    }

    /** admin ⊃ operator ⊃ viewer; picked up by the authorization rules above and by the Jolokia restrictor. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return Role.hierarchy();
    }

    /** Checks {@code {bcrypt}...}-style hashes; new hashes are bcrypt. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Lets {@code password: "{bcrypt}..."} bind as a {@link PasswordRef}. */
    @Bean
    @ConfigurationPropertiesBinding
    static PasswordRef.FromString passwordRefFromString() {
        return new PasswordRef.FromString();
    }

    /**
     * The configured operators. With none, every login fails and the operator API, Hawtio and Jolokia stay
     * closed (no generated default password is printed). The customers a login names must exist at start-up.
     */
    @Bean
    UserDetailsService operatorUsers(OperatorSecurityProperties properties, Environment environment,
                                     PasswordEncoder encoder, ObjectProvider<CustomerDirectory> customers) {
        List<UserDetails> users = OperatorUsers.load(properties, environment::getProperty, encoder,
                knownCustomers(properties, customers));
        if (users.isEmpty()) {
            LOG.warn("no operator users configured (alerthub.security.users is empty): the operator API, Hawtio "
                    + "and Jolokia refuse every login; see docs/security.md");
        } else {
            LOG.info("operator users: {}", users.stream()
                    .map(user -> user.getUsername() + " " + user.getAuthorities()).toList());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * The customer ids logins and group mappings may name, or null to take any: when the hub has no customer
     * registry, or {@code alerthub.security.unknown-customers: warn} (then each unknown id is logged instead).
     */
    static Set<String> knownCustomers(OperatorSecurityProperties properties,
                                      ObjectProvider<CustomerDirectory> customers) {
        CustomerDirectory directory = customers.getIfAvailable();
        if (directory == null) {
            return null;
        }
        Set<String> known = directory.customerIds();
        if (properties.unknownCustomers() == OperatorSecurityProperties.UnknownCustomers.FAIL) {
            return known;
        }
        Stream.concat(
                properties.users().stream().filter(Objects::nonNull)
                        .map(u -> Map.entry("login \"" + u.username() + "\"", listed(u.customers()))),
                properties.oidc().groups().stream().filter(Objects::nonNull)
                        .map(g -> Map.entry("oidc group \"" + g.group() + "\"", listed(g.customers()))))
                .forEach(named -> named.getValue().stream()
                        .filter(id -> !id.equals(CustomerScope.EVERY_CUSTOMER) && !known.contains(id))
                        .forEach(id -> LOG.warn("{} names customer \"{}\", which the hub does not have: it sees"
                                + " nothing of it (alerthub.security.unknown-customers: warn)", named.getKey(), id)));
        return null;
    }

    private static List<String> listed(List<String> customers) {
        return customers == null ? List.of() : customers;
    }

    /** The Jolokia agent picks up a Restrictor bean from the context (jolokia-support-springboot3). */
    @Bean
    JolokiaRoleRestrictor jolokiaRestrictor(RoleHierarchy roleHierarchy) {
        return new JolokiaRoleRestrictor(roleHierarchy);
    }
}
