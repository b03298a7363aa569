import com.sun.net.httpserver.HttpServer;
import io.alerthub.AlertHubApplication;
import io.alerthub.escalate.NotificationsQueued;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.TimelineEntry;
import io.alerthub.notify.OutboundHttp;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notification benchmark harness (bench/notify/run.sh runs it): starts the hub in-process on an H2 file database
 * and a minimal Slack stand-in (JDK HttpServer answering {@code {"ok":true,...}}), then measures
 * (1) notifications/s through the outbox, beside raw POSTs/s to the same stand-in over the hub's own HTTP client
 * (camel-http, {@link OutboundHttp}) as the floor, and (2) the time from the incident's ESCALATED verdict
 * (the timeline's "outcome" entry) to the first Slack request the stand-in receives for it, p50/p99.
 * A benchmark, not a test: it reports, it does not judge. Everything listens on 127.0.0.1.
 */
public final class NotifyBench {
    private static final Pattern INCIDENT = Pattern.compile("incidents/([0-9a-f-]{36})");

    /** What the stand-in saw: per incident the first request's arrival, and every arrival in order. */
    static final class StandIn {
        final HttpServer server;
        final Map<String, Instant> firstByIncident = new ConcurrentHashMap<>();
        final List<Instant> arrivals = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger count = new AtomicInteger();
        final AtomicReference<String> sampleBody = new AtomicReference<>();

        StandIn() throws IOException {
            // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
            // ~40 ms per request, and the stand-in, not the hub, would set both figures
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", exchange -> {
                Instant at = Instant.now();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                int n = count.incrementAndGet();
                arrivals.add(at);
                String text = new String(body, StandardCharsets.UTF_8);
                sampleBody.compareAndSet(null, text);
                Matcher m = INCIDENT.matcher(text);
                if (m.find()) {
                    firstByIncident.putIfAbsent(m.group(1), at);
                }
                byte[] answer = ("{\"ok\":true,\"channel\":\"C0BENCH\",\"ts\":\"" + n + ".000100\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void reset() {
            firstByIncident.clear();
            arrivals.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path out = Path.of(opt.getOrDefault("out", "bench/results/notify"));
        int warmupN = Integer.parseInt(opt.getOrDefault("warmup", "1000"));
        int throughputN = Integer.parseInt(opt.getOrDefault("n", "3000"));
        int latencyN = Integer.parseInt(opt.getOrDefault("latency-n", "300"));
        int latencyIntervalMs = Integer.parseInt(opt.getOrDefault("latency-interval-ms", "50"));
        int floorN = Integer.parseInt(opt.getOrDefault("floor-n", "5000"));
        Files.createDirectories(out);

        StandIn standIn = new StandIn();
        Path customers = writeCustomers(out.resolve("customers"));
        List<String> hubArgs = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + out.toAbsolutePath().resolve("data/hub")
                        + ";MODE=PostgreSQL;WRITE_DELAY=0",
                "--server.port=0", "--server.address=127.0.0.1",
                "--alerthub.customers.dir=" + customers, "--alerthub.customers.reload-interval=0",
                "--alerthub.notify.slack.api-base-url=http://127.0.0.1:" + standIn.port() + "/api",
                "--alerthub.mail.enabled=false", "--alerthub.sqs.enabled=false",
                "--logging.level.root=WARN", "--logging.level.io.alerthub=WARN",
                "--BENCH_TPUT_TOKEN=tput-token", "--BENCH_TPUT_SLACK=xoxb-tput",
                "--BENCH_LAT_TOKEN=lat-token", "--BENCH_LAT_SLACK=xoxb-lat"));
        for (String a : args) {
            if (a.startsWith("--hub:")) {
                hubArgs.add("--" + a.substring("--hub:".length()));
            }
        }
        long startNanos = System.nanoTime();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(AlertHubApplication.class)
                .run(hubArgs.toArray(String[]::new));
        Map<String, Object> results = new LinkedHashMap<>();
        try {
            results.put("hubStartSeconds", (System.nanoTime() - startNanos) / 1e9);
            int port = hub.getEnvironment().getProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            HUB_DB.set(jdbc);
            OutboxStore outbox = hub.getBean(OutboxStore.class);
            TransactionTemplate tx = hub.getBean(TransactionTemplate.class);

            // ---- (1) throughput through the outbox ---------------------------------------------------------
            log("ingesting " + (warmupN + throughputN) + " alerts for the throughput runs");
            for (int i = 0; i < warmupN + throughputN; i++) {
                ingest(http, port, "tput", "Bench storm " + i, "tput-" + i);
            }
            waitFor(() -> count(jdbc, "SELECT COUNT(*) FROM incidents WHERE customer_id = 'tput' AND state = 'ESCALATED'")
                    >= warmupN + throughputN, Duration.ofMinutes(5), "tput incidents escalated");
            List<String> incidents = jdbc.queryForList("SELECT id FROM incidents WHERE customer_id = 'tput' ORDER BY id",
                    String.class);
            List<String> warm = incidents.subList(0, warmupN);
            List<String> measured = incidents.subList(warmupN, warmupN + throughputN);

            log("outbox warm-up: " + warm.size() + " notifications");
            drain(hub, outbox, tx, jdbc, standIn, warm, "warm");
            log("outbox measured: " + measured.size() + " notifications");
            Map<String, Object> tput = drain(hub, outbox, tx, jdbc, standIn, measured, "run");
            results.put("outbox", tput);

            // ---- the floor: the same client, the same body, straight to the stand-in ----------------------
            String body = standIn.sampleBody.get();
            OutboundHttp client = new OutboundHttp(hub.getBean(ProducerTemplate.class),
                    "http://127.0.0.1:" + standIn.port() + "/api", Duration.ofSeconds(5), Duration.ofSeconds(10));
            int senders = hub.getEnvironment().getProperty("alerthub.outbox.senders", Integer.class, 4);
            log("floor warm-up");
            floor(client, standIn, body, floorN / 2, senders);
            log("floor measured: " + floorN + " POSTs with " + senders + " threads and with 1");
            results.put("floor", floor(client, standIn, body, floorN, senders));
            results.put("floor1", floor(client, standIn, body, floorN / 2, 1));
            results.put("senders", senders);

            // ---- (2) ESCALATED -> first channel request ------------------------------------------------------
            standIn.reset();
            log("latency: " + latencyN + " alerts, one every " + latencyIntervalMs + " ms");
            for (int i = 0; i < 20; i++) { // warm the path once more, unreported
                ingest(http, port, "lat", "Latency warm " + i, "warm-" + i);
                Thread.sleep(latencyIntervalMs);
            }
            waitFor(() -> standIn.firstByIncident.size() >= 20, Duration.ofMinutes(2), "latency warm-up");
            standIn.reset();
            List<String> latIncidents = new ArrayList<>();
            for (int i = 0; i < latencyN; i++) {
                latIncidents.add(ingest(http, port, "lat", "Latency probe " + i, "lat-" + i));
                Thread.sleep(latencyIntervalMs);
            }
            waitFor(() -> latIncidents.stream().allMatch(standIn.firstByIncident::containsKey), Duration.ofMinutes(2),
                    "latency requests");
            TimelineStore timeline = hub.getBean(TimelineStore.class);
            List<Double> escalatedToRequest = new ArrayList<>();
            List<Double> receivedToRequest = new ArrayList<>();
            for (String id : latIncidents) {
                List<TimelineEntry> entries = timeline.list(id);
                Instant decided = entries.stream().filter(e -> e.kind().equals("outcome")).findFirst().orElseThrow().at();
                Instant received = entries.stream().filter(e -> e.kind().equals("received")).findFirst().orElseThrow()
                        .at();
                Instant request = standIn.firstByIncident.get(id);
                escalatedToRequest.add(Duration.between(decided, request).toNanos() / 1e6);
                receivedToRequest.add(Duration.between(received, request).toNanos() / 1e6);
            }
            results.put("escalatedToRequestMs", percentiles(escalatedToRequest));
            results.put("receivedToRequestMs", percentiles(receivedToRequest));
            results.put("latencyIntervalMs", latencyIntervalMs);
        } finally {
            hub.close();
            standIn.server.stop(0);
            ((ExecutorService) standIn.server.getExecutor()).shutdownNow();
        }
        String json = toJson(results);
        Files.writeString(out.resolve("results.json"), json + "\n");
        System.out.println(json);
        System.exit(0);
    }

    /** Enqueues one Slack trigger per incident in one commit, wakes the sender, and times the drain. */
    static Map<String, Object> drain(ConfigurableApplicationContext hub, OutboxStore outbox, TransactionTemplate tx,
                                     JdbcTemplate jdbc, StandIn standIn, List<String> incidents, String tag)
            throws Exception {
        standIn.reset();
        int before = standIn.count.get();
        Instant now = Instant.now();
        tx.executeWithoutResult(s -> incidents.forEach(id -> outbox.enqueue(OutboxEntry.pending(
                id + "|slack|TRIGGER|" + tag, "tput", id, ChannelKind.SLACK, NotificationAction.TRIGGER, 0, "internal",
                now, null, null, now))));
        Instant committed = Instant.now();
        hub.publishEvent(new NotificationsQueued(incidents.get(0)));
        int n = incidents.size();
        waitFor(() -> standIn.count.get() - before >= n, Duration.ofMinutes(10), "stand-in requests");
        waitFor(() -> count(jdbc, "SELECT COUNT(*) FROM outbox WHERE customer_id = 'tput' AND status = 'SENT'"
                + " AND id LIKE '%|" + tag + "'") >= n, Duration.ofMinutes(2), "outbox settled");
        Instant settled = Instant.now();
        List<Instant> arrivals;
        synchronized (standIn.arrivals) {
            arrivals = new ArrayList<>(standIn.arrivals);
        }
        Collections.sort(arrivals);
        Instant first = arrivals.get(0);
        Instant last = arrivals.get(arrivals.size() - 1);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("notifications", n);
        r.put("requests", standIn.count.get() - before);
        r.put("perSecondCommitToLastRequest", n / seconds(committed, last));
        r.put("perSecondFirstToLastRequest", (n - 1) / seconds(first, last));
        r.put("commitToFirstRequestMs", Duration.between(committed, first).toNanos() / 1e6);
        r.put("commitToAllSettledSeconds", seconds(committed, settled));
        return r;
    }

    /** POSTs {@code body} {@code n} times with {@code threads} threads; requests per second. */
    static Map<String, Object> floor(OutboundHttp client, StandIn standIn, String body, int n, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        String url = "http://127.0.0.1:" + standIn.port() + "/api/chat.postMessage";
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (next.getAndIncrement() < n) {
                    try {
                        if (client.postJson(url, Map.of("Authorization", "Bearer xoxb-floor"), body).status() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (OutboundHttp.TransportException e) {
                        // counted as not ok
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", n);
        r.put("ok", ok.get());
        r.put("threads", threads);
        r.put("perSecond", ok.get() / s);
        return r;
    }

    static String ingest(HttpClient http, int port, String customer, String name, String host) throws Exception {
        String body = "{\"status\":\"firing\",\"name\":\"" + name + "\",\"alertClass\":\"unknown\",\"severity\":\"error\","
                + "\"summary\":\"benchmark alert\",\"resource\":{\"host\":\"" + host + "\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/customers/" + customer + "/alerts/generic"))
                .header("Authorization", "Bearer " + customer + "-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closed) {
            // a kept-alive connection the server closed meanwhile: the body is idempotent per name, send it again
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 202) {
            throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
        }
        // the incident id is what the stand-in finds in the Slack message's link
        String alertId = r.body().replaceAll(".*\"alertIds\":\\[\"([^\"]+)\".*", "$1");
        return HUB_DB.get().queryForObject("SELECT incident_id FROM alerts WHERE id = ?", String.class, alertId);
    }

    /** The hub's database: the incident of an alert is read there (no operator login needed). */
    static final AtomicReference<JdbcTemplate> HUB_DB = new AtomicReference<>();

    static Map<String, Object> percentiles(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", sorted.size());
        r.put("p50", pick(sorted, 0.50));
        r.put("p90", pick(sorted, 0.90));
        r.put("p99", pick(sorted, 0.99));
        r.put("max", sorted.get(sorted.size() - 1));
        return r;
    }

    static double pick(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    static Path writeCustomers(Path dir) throws IOException {
        // tput: Slack is configured, but the policy names only an unconfigured channel, so escalations queue
        // nothing and the harness fills the outbox itself; lat: the default policy (every channel at once)
        Files.createDirectories(dir.resolve("tput"));
        Files.writeString(dir.resolve("tput/customer.yaml"), """
                id: tput
                name: Throughput Ltd
                ingest:
                  auth:
                    - type: bearer
                      token: { env: BENCH_TPUT_TOKEN }
                notifications:
                  slack:
                    botToken: { env: BENCH_TPUT_SLACK }
                    channel: "#tput"
                escalation:
                  levels:
                    - channels: [email]
                """);
        Files.createDirectories(dir.resolve("lat"));
        Files.writeString(dir.resolve("lat/customer.yaml"), """
                id: lat
                name: Latency Ltd
                ingest:
                  auth:
                    - type: bearer
                      token: { env: BENCH_LAT_TOKEN }
                notifications:
                  slack:
                    botToken: { env: BENCH_LAT_SLACK }
                    channel: "#lat"
                """);
        return dir;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=") && !a.startsWith("--hub:")) {
                opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return opt;
    }

    static void log(String message) {
        System.err.println("[" + Instant.now() + "] " + message);
    }

    @SuppressWarnings("unchecked")
    static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(toJson(v)));
            return b.append('}').toString();
        }
        if (value instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return '"' + String.valueOf(value) + '"';
    }
}
