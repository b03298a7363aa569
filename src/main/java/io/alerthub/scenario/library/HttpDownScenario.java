package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code http_down} template: an HTTP probe from the hub (status, latency, TLS protocol and
 * certificate end date); answering fine already is handed over; otherwise the status of the app's unit, a restart
 * when the binding names one, and probes until it answers again within the verify timeout.
 *
 * <p>A probe reads at most {@link #BODY_READ_MAX} bytes of the answer (it shows a {@value #BODY_EXCERPT}-character
 * excerpt) and then hangs up, and the whole probe, body included, ends within its timeout: a service that answers
 * with an endless or dripping body cannot hold the scenario or fill the hub's memory.
 */
@Component("httpDownScenario")
public class HttpDownScenario {
    private static final long POLL_NANOS = 1_000_000_000L;
    static final int BODY_EXCERPT = 200;
    /** Bytes of a body read at most: the excerpt in any encoding, with room to spare. */
    static final int BODY_READ_MAX = 8 * 1024;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Scenarios scenarios;
    private final ProcessDownScenario restarts;
    private final Clock clock;

    public HttpDownScenario(Scenarios scenarios, ProcessDownScenario restarts, Clock clock) {
        this.scenarios = scenarios;
        this.restarts = restarts;
        this.clock = clock;
    }

    public void check(ScenarioRun run) {
        run.params(v -> HttpDownParams.read(v, run)).ifPresent(p -> {
            if (p.url() == null) {
                run.escalate(run.text("http.no-url"));
                return;
            }
            Map<String, Object> result = probe(run, "check", p);
            run.checked(run.text("http.checked.get", "url", p.url()));
            run.found(describe(run, p.url(), result));
            if (up(result, p)) {
                run.handOver(run.text("http.up", "url", p.url(), "status", result.get("status")));
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(v -> HttpDownParams.read(v, run)).ifPresent(p -> {
            if (p.restartUnit() == null) {
                run.leftForYou(run.text("http.left.find", "url", p.url()));
                run.handOver(run.text("http.no-restart", "url", p.url()));
                return;
            }
            restarts.gatherUnit(run, p.restartUnit(), 30, p.restartUnits());
        });
    }

    public void remediate(ScenarioRun run) {
        run.params(v -> HttpDownParams.read(v, run)).ifPresent(p -> restarts.restart(run, p.restartUnit(), p.sudo()));
    }

    public void verify(ScenarioRun run) {
        run.params(v -> HttpDownParams.read(v, run)).ifPresent(p -> {
            if (!run.remediated()) {
                return;
            }
            Instant deadline = clock.instant().plus(p.verifyTimeout());
            Map<String, Object> result;
            while (true) {
                result = probe(run, "verify", p);
                if (up(result, p) || !clock.instant().isBefore(deadline)) {
                    break;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            run.checked(run.text("http.checked.after", "url", p.url()));
            if (up(result, p)) {
                run.resolve(run.text("http.resolved", "unit", p.restartUnit(), "url", p.url(),
                        "status", result.get("status"), "ms", result.get("durationMs")));
            } else {
                run.escalate(run.text("http.still-down", "unit", p.restartUnit(), "what", describe(run, p.url(), result)));
            }
        });
    }

    private Map<String, Object> probe(ScenarioRun run, String phase, HttpDownParams p) {
        Map<String, Object> result = get(p.url(), p.timeout());
        scenarios.probe(run, phase, "http", p.url().toString(), result);
        return result;
    }

    Map<String, Object> get(URI url, Duration timeout) {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(url).timeout(timeout)
                .header("User-Agent", "alert-hub-probe").GET().build(), info -> new BoundedBody(BODY_READ_MAX));
        try {
            // the request timeout ends at the headers: this one also bounds the body
            HttpResponse<String> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.put("status", response.statusCode());
            String body = response.body() == null ? "" : response.body();
            result.put("body", body.length() > BODY_EXCERPT ? body.substring(0, BODY_EXCERPT) + "…" : body);
            response.sslSession().ifPresent(tls -> {
                result.put("tlsProtocol", tls.getProtocol());
                try {
                    if (tls.getPeerCertificates()[0] instanceof X509Certificate cert) {
                        result.put("certificateNotAfter", cert.getNotAfter().toInstant().toString());
                    }
                } catch (SSLPeerUnverifiedException e) {
                    result.put("certificate", "unverified");
                }
            });
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            result.put("error", cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (TimeoutException e) {
            answer.cancel(true);
            result.put("error", "no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            result.put("error", "interrupted");
        }
        result.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    /**
     * The first {@code max} bytes of a body as text (UTF-8, malformed bytes replaced); cancels the rest, which makes
     * the client close the connection.
     */
    static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
        private final byte[] buffer;
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private int size;
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            buffer = new byte[max];
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), buffer.length - size);
                item.get(buffer, size, n);
                size += n;
            }
            if (size == buffer.length) {
                subscription.cancel();
                complete();
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            result.complete(new String(buffer, 0, size, StandardCharsets.UTF_8));
        }
    }

    private static boolean up(Map<String, Object> result, HttpDownParams p) {
        return result.get("status") instanceof Integer status && p.expectStatus().contains(status);
    }

    private static String describe(ScenarioRun run, URI url, Map<String, Object> result) {
        String tls = result.containsKey("tlsProtocol") ? run.text("http.tls", "protocol", result.get("tlsProtocol"))
                : "";
        return result.containsKey("status")
                ? run.text("http.answered", "url", url, "status", result.get("status"), "ms", result.get("durationMs"),
                "tls", tls)
                : run.text("http.failed", "url", url, "error", result.get("error"), "ms", result.get("durationMs"),
                "tls", tls);
    }
}
