package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code http_down} probe against a real local HTTP server whose answer never ends: the probe reads a bounded
 * prefix, hangs up on the rest and reports status and excerpt.
 */
class HttpDownProbeIT {
    /** Far more than the probe may read; the server stops when the probe hangs up. */
    private static final long SERVED_AT_MOST = 256L << 20;
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean hungUp = new AtomicBoolean();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/endless", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0); // chunked, no length
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'z');
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < SERVED_AT_MOST) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                hungUp.set(true);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    @Timeout(120) // a guard against a hang, not a speed check: the probe returns long before
    void anEndlessBodyIsCutAndTheProbeHangsUp() {
        HttpDownScenario probe = new HttpDownScenario(null, null, Clock.systemUTC());

        Map<String, Object> result = probe.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/endless"), Duration.ofSeconds(30));

        assertThat(result).containsEntry("status", 200).doesNotContainKey("error");
        assertThat((String) result.get("body")).startsWith("zzz").hasSizeLessThanOrEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilTrue(hungUp);
        // what the probe read plus what the sockets buffered: nowhere near the 256 MB on offer
        assertThat(written.get()).isLessThan(64L << 20);
    }
}
