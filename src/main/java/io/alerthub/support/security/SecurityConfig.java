package io.alerthub.support.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
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
    SecurityFilterChain operatorChain(HttpSecurity http, LoginAttempts loginAttempts) throws Exception {
        SecurityProblemResponses problems = new SecurityProblemResponses();
        CookieCsrfTokenRepository csrfCookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookies.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher("/error"), PATHS.matcher(LOGIN_PAGE)).permitAll()
                        // load-balancer probes need no login; details (when-authorized) only for a logged-in admin
                        .requestMatchers(PATHS.matcher(HttpMethod.GET, "/actuator/health/**")).permitAll()
                        // Jolokia accepts only POST; the restrictor decides per role what each call may do.
                        .requestMatchers(PATHS.matcher("/actuator/hawtio/**"), PATHS.matcher("/actuator/jolokia/**"))
                            .hasRole(Role.VIEWER.name())
                        .requestMatchers(reads("/actuator/**")).hasRole(Role.VIEWER.name())
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
     * closed (no generated default password is printed).
     */
    @Bean
    UserDetailsService operatorUsers(OperatorSecurityProperties properties, Environment environment,
                                     PasswordEncoder encoder) {
        List<UserDetails> users = OperatorUsers.load(properties, environment::getProperty, encoder);
        if (users.isEmpty()) {
            LOG.warn("no operator users configured (alerthub.security.users is empty): the operator API, Hawtio "
                    + "and Jolokia refuse every login; see docs/security.md");
        } else {
            LOG.info("operator users: {}", users.stream()
                    .map(user -> user.getUsername() + " " + user.getAuthorities()).toList());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** The Jolokia agent picks up a Restrictor bean from the context (jolokia-support-springboot3). */
    @Bean
    JolokiaRoleRestrictor jolokiaRestrictor(RoleHierarchy roleHierarchy) {
        return new JolokiaRoleRestrictor(roleHierarchy);
    }
}
