package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code http_down} template: an HTTP probe from the hub (status, latency, TLS protocol and
 * certificate end date); answering fine already is handed over; otherwise the status of the app's unit, a restart
 * when the binding names one, and probes until it answers again within the verify timeout.
 */
@Component("httpDownScenario")
public class HttpDownScenario {
    private static final long POLL_NANOS = 1_000_000_000L;
    private static final int BODY_EXCERPT = 200;
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
                run.escalate("no url to probe: the binding sets no url and the alert's url/instance label is not on "
                        + "one of the customer's hosts");
                return;
            }
            Map<String, Object> result = probe(run, "check", p);
            run.checked("HTTP GET " + p.url() + " from the hub");
            run.found(describe(p.url(), result));
            if (up(result, p)) {
                run.handOver(p.url() + " answers " + result.get("status") + " now: nothing changed");
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(v -> HttpDownParams.read(v, run)).ifPresent(p -> {
            if (p.restartUnit() == null) {
                run.leftForYou("find out why " + p.url() + " does not answer: the binding names no unit to restart "
                        + "(restartUnit)");
                run.handOver(p.url() + " is down; no restart configured");
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
            run.checked("HTTP GET " + p.url() + " after the restart");
            if (up(result, p)) {
                run.resolve("restarted " + p.restartUnit() + ": " + p.url() + " answers " + result.get("status")
                        + " again (" + result.get("durationMs") + " ms)");
            } else {
                run.escalate("restarted " + p.restartUnit() + " but " + describe(p.url(), result));
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
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("User-Agent", "alert-hub-probe").GET().build(), HttpResponse.BodyHandlers.ofString());
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
        } catch (IOException e) {
            result.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("error", "interrupted");
        }
        result.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static boolean up(Map<String, Object> result, HttpDownParams p) {
        return result.get("status") instanceof Integer status && p.expectStatus().contains(status);
    }

    private static String describe(URI url, Map<String, Object> result) {
        return url + (result.containsKey("status") ? " answered " + result.get("status") : " failed: "
                + result.get("error")) + " in " + result.get("durationMs") + " ms"
                + (result.containsKey("tlsProtocol") ? " over " + result.get("tlsProtocol") : "");
    }
}
