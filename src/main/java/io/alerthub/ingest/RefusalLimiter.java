package io.alerthub.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Ingest stage limit on refusals per source address: a source that caused {@code max} refusals (bad credentials,
 * junk, unknown customers) within a window is answered 429 with {@code Retry-After} until the window ends, before
 * its request is read. Accepted requests cost nothing. IPv6 sources count per /64 (one host owns a whole /64). State
 * is a bounded in-memory cache: a flood of distinct addresses evicts old entries, never grows the heap.
 */
@Component
public class RefusalLimiter {
    private final RefusalLimitProperties properties;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    @Autowired
    public RefusalLimiter(RefusalLimitProperties properties) {
        this(properties, Ticker.systemTicker());
    }

    RefusalLimiter(RefusalLimitProperties properties, Ticker ticker) {
        this.properties = properties;
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder().maximumSize(properties.trackedSources())
                .expireAfterWrite(properties.window()).ticker(ticker).build();
    }

    /** One fixed window of refusals of one source. */
    private record Window(long startNanos, AtomicInteger refusals) {
    }

    /** How long {@code source} must wait, when it has used up its refusals; empty while it may still be refused. */
    public Optional<Duration> retryAfter(String source) {
        if (properties.max() == 0 || source == null) {
            return Optional.empty();
        }
        Window w = windows.getIfPresent(source);
        if (w == null || w.refusals().get() < properties.max()) {
            return Optional.empty();
        }
        long left = properties.window().toNanos() - (ticker.read() - w.startNanos());
        return Optional.of(Duration.ofNanos(Math.max(left, 0)));
    }

    /** Counts one refusal caused by {@code source}. */
    public void refused(String source) {
        if (properties.max() == 0 || source == null) {
            return;
        }
        windows.get(source, s -> new Window(ticker.read(), new AtomicInteger())).refusals().incrementAndGet();
    }

    /** The key a remote address is counted under: the address itself, or its /64 for IPv6. */
    public static String sourceOf(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return null;
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // a literal, never a name: getByName does no lookup for it
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress();
            }
            byte[] bytes = address.getAddress();
            for (int i = 8; i < bytes.length; i++) {
                bytes[i] = 0;
            }
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
