package io.alerthub.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed operator logins (form and HTTP Basic) per user name and per source address, in bounded memory that
 * forgets a count {@code window} after its latest failure; {@link LoginThrottleFilter} refuses attempts over a limit
 * before any password is checked.
 */
@Component
public class LoginAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(LoginAttempts.class);
    private final OperatorSecurityProperties.Login settings;
    private final Cache<String, Integer> users;
    private final Cache<String, Integer> addresses;

    public LoginAttempts(OperatorSecurityProperties properties, Clock clock) {
        this.settings = properties.login();
        this.users = cache(settings, clock);
        this.addresses = cache(settings, clock);
    }

    private static Cache<String, Integer> cache(OperatorSecurityProperties.Login settings, Clock clock) {
        return Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(settings.window())
                .maximumSize(settings.maxTracked())
                .build();
    }

    /** True when this user name or this address has used up its failures; the attempt must not be checked. */
    public boolean blocked(String username, String address) {
        return count(users, key(username)) >= settings.maxFailuresPerUser()
                || count(addresses, address) >= settings.maxFailuresPerAddress();
    }

    /** How long a refused caller should wait before trying again. */
    public Duration retryAfter() {
        return settings.window();
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        Authentication attempt = event.getAuthentication();
        int user = users.asMap().merge(key(attempt.getName()), 1, Integer::sum);
        String address = address(attempt);
        int fromAddress = address == null ? 0 : addresses.asMap().merge(address, 1, Integer::sum);
        if (user == settings.maxFailuresPerUser() || fromAddress == settings.maxFailuresPerAddress()) {
            // the user name is not logged: it may be a password typed into the wrong field
            LOG.warn("login throttled for {} after {} failed logins ({} from address {})", settings.window(),
                    Math.max(user, fromAddress), fromAddress, address);
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        users.invalidate(key(event.getAuthentication().getName()));
    }

    private static int count(Cache<String, Integer> cache, String key) {
        Integer count = key == null ? null : cache.getIfPresent(key);
        return count == null ? 0 : count;
    }

    private static String key(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    private static String address(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }
}
