package io.alerthub.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hub-wide settings of the notify stage's channels ({@code alerthub.notify.*}): HTTP timeouts, the Slack Web API and
 * PagerDuty Events API base URLs (tests and the demo point them at local stand-ins) and the SMTP server for e-mail.
 */
@ConfigurationProperties("alerthub.notify")
public record NotifyProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue Slack slack,
        @DefaultValue PagerDuty pagerduty,
        @DefaultValue Email email) {

    public NotifyProperties {
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
        responseTimeout = positive(responseTimeout, Duration.ofSeconds(10), "response-timeout");
        slack = slack == null ? new Slack(null) : slack;
        pagerduty = pagerduty == null ? new PagerDuty(null) : pagerduty;
        email = email == null ? new Email(null, 0, null, null, false, null, null) : email;
    }

    /** Slack: where the Web API lives ({@code chat.postMessage} is called below it). */
    public record Slack(@DefaultValue(Slack.API_BASE_URL) String apiBaseUrl) {
        public static final String API_BASE_URL = "https://slack.com/api";

        public Slack {
            apiBaseUrl = withoutTrailingSlash(apiBaseUrl == null || apiBaseUrl.isBlank() ? API_BASE_URL : apiBaseUrl);
        }
    }

    /** PagerDuty: the Events API v2 base URL used when a customer names none ({@code /v2/enqueue} is appended). */
    public record PagerDuty(@DefaultValue(PagerDuty.BASE_URL) String baseUrl) {
        public static final String BASE_URL = "https://events.pagerduty.com";

        public PagerDuty {
            baseUrl = withoutTrailingSlash(baseUrl == null || baseUrl.isBlank() ? BASE_URL : baseUrl);
        }
    }

    /**
     * Outgoing mail: the SMTP server, its login (password usually {@code ${ALERTHUB_SMTP_PASSWORD}}), STARTTLS, the
     * connect/read timeout, and the domain of the Message-IDs the hub mints (defaults to the sender's domain).
     */
    public record Email(
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("25") int port,
            String username,
            String password,
            @DefaultValue("false") boolean startTls,
            @DefaultValue("10s") Duration timeout,
            String messageIdDomain) {

        public Email {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port == 0 ? 25 : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("alerthub.notify.email.port: invalid port " + port
                        + " (valid: 1 to 65535)");
            }
            timeout = positive(timeout, Duration.ofSeconds(10), "email.timeout");
        }

        @Override
        public String toString() {
            return "Email[host=" + host + ", port=" + port + ", username=" + username + ", password=<secret>, startTls="
                    + startTls + ", timeout=" + timeout + ", messageIdDomain=" + messageIdDomain + "]";
        }
    }

    /** The defaults, for code that runs without Spring (tests, tools). */
    public static NotifyProperties defaults() {
        return new NotifyProperties(null, null, null, null, null);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("alerthub.notify." + name + ": invalid duration " + value
                    + " (valid: more than zero)");
        }
        return value;
    }
}
