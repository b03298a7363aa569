package io.alerthub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo's stand-ins for Slack and PagerDuty: a small HTTP server on loopback that answers
 * {@code POST /slack/api/chat.postMessage} like Slack's Web API (with a {@code ts} for threads) and
 * {@code POST /pagerduty/v2/enqueue} like the Events API v2, logs each message and lists the last ones on
 * {@code GET /}. The README's run command points the hub's Slack and PagerDuty base URLs here, so escalations are
 * visible without any SaaS account. Loopback only; never on a reachable host.
 */
public final class DemoSinks implements AutoCloseable {
    /** Requests kept for the page. */
    static final int KEPT = 200;
    /** Slack messages kept for conversations.history: more than the hub ever searches after an interrupted attempt. */
    static final int POSTED_KEPT = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(DemoSinks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request a sink received. */
    public record Received(Instant at, String sink, String path, String body) {
    }

    /** A message the Slack stand-in posted: what conversations.history and .replies answer from. */
    private record Posted(String ts, String threadTs, JsonNode metadata) {
    }

    private final HttpServer server;
    private final Deque<Received> received = new ArrayDeque<>();
    private final AtomicLong messages = new AtomicLong();
    private final List<Posted> posted = new ArrayList<>();
    private final Clock clock;
    private volatile Path journal;

    private DemoSinks(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** Starts the sinks on {@code bind:port} (port 0: any free one). */
    public static DemoSinks start(String bind, int port, Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        DemoSinks sinks = new DemoSinks(server, clock);
        server.createContext("/slack/api/chat.postMessage", sinks::slack);
        server.createContext("/slack/api/conversations.history", exchange -> sinks.history(exchange, false));
        server.createContext("/slack/api/conversations.replies", exchange -> sinks.history(exchange, true));
        server.createContext("/pagerduty/v2/enqueue", sinks::pagerDuty);
        server.createContext("/", sinks::page);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-sinks");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return sinks;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * From now on, also appends every request as one JSON line ({@code at}, {@code sink}, {@code path}, {@code body})
     * to {@code file} before answering it: lets the reliability harness (bench/reliability) count what was paged
     * across hub restarts, which the in-memory list does not survive.
     */
    public DemoSinks journal(Path file) {
        // the messages an earlier run posted stay readable (conversations.history), as they would in Slack
        if (Files.exists(file)) {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.map(DemoSinks::parse).filter(line -> line.path("ts").isTextual())
                        .forEach(line -> remember(line.path("ts").asText(), parse(line.path("body").asText())));
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.warn("demo sinks: cannot read the journal {}: {}", file, e.toString());
            }
        }
        this.journal = file;
        return this;
    }

    /** The requests received so far, oldest first. */
    public synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    private void slack(HttpExchange exchange) throws IOException {
        String body = read(exchange);
        JsonNode json = parse(body);
        String ts = String.format("%d.%06d", clock.instant().getEpochSecond(), messages.incrementAndGet());
        keep("slack", exchange, body, ts);
        remember(ts, json);
        LOG.info("demo sink slack: {}{}", json.path("thread_ts").isMissingNode() ? "" : "(thread reply) ",
                json.path("text").asText());
        answer(exchange, 200, "{\"ok\":true,\"channel\":\"C0DEMO0001\",\"ts\":\"" + ts + "\"}");
    }

    private synchronized void remember(String ts, JsonNode message) {
        posted.add(new Posted(ts, message.path("thread_ts").asText(null), message.path("metadata")));
        if (posted.size() > POSTED_KEPT) {
            posted.subList(0, posted.size() - POSTED_KEPT).clear();
        }
    }

    /**
     * {@code conversations.history} (top-level messages) and {@code conversations.replies} (one thread, argument
     * {@code ts}) from {@code oldest} on, newest first, one page of {@code limit} with a cursor, metadata included: what
     * the hub reads to find a message an interrupted attempt posted.
     */
    private void history(HttpExchange exchange, boolean replies) throws IOException {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : read(exchange).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        double oldest = Double.parseDouble(form.getOrDefault("oldest", "0"));
        int limit = Math.max(1, Math.min(200, Integer.parseInt(form.getOrDefault("limit", "100"))));
        int from = Integer.parseInt(form.getOrDefault("cursor", "0"));
        String thread = form.get("ts");
        List<Posted> matching;
        synchronized (this) {
            matching = posted.stream()
                    .filter(p -> Double.parseDouble(p.ts()) >= oldest)
                    .filter(p -> replies ? thread != null && (thread.equals(p.threadTs()) || thread.equals(p.ts()))
                            : p.threadTs() == null)
                    .sorted((a, b) -> Double.compare(Double.parseDouble(b.ts()), Double.parseDouble(a.ts())))
                    .toList();
        }
        var answer = JSON.createObjectNode().put("ok", true);
        var list = answer.putArray("messages");
        matching.stream().skip(from).limit(limit).forEach(p -> {
            var m = list.addObject().put("type", "message").put("ts", p.ts());
            if (p.threadTs() != null) {
                m.put("thread_ts", p.threadTs());
            }
            if (!p.metadata().isMissingNode()) {
                m.set("metadata", p.metadata());
            }
        });
        boolean more = from + limit < matching.size();
        answer.put("has_more", more);
        answer.putObject("response_metadata").put("next_cursor", more ? String.valueOf(from + limit) : "");
        answer(exchange, 200, JSON.writeValueAsString(answer));
    }

    private void pagerDuty(HttpExchange exchange) throws IOException {
        String body = read(exchange);
        JsonNode json = parse(body);
        keep("pagerduty", exchange, body, null);
        String dedupKey = json.path("dedup_key").asText(UUID.randomUUID().toString());
        LOG.info("demo sink pagerduty: {} {} {}", json.path("event_action").asText(), dedupKey,
                json.path("payload").path("summary").asText());
        answer(exchange, 202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":"
                + JSON.writeValueAsString(dedupKey) + "}");
    }

    private void page(HttpExchange exchange) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Alert Hub demo sinks</title>"
                + "<h1>Slack and PagerDuty stand-ins</h1><p>Newest first. What the hub sent to Slack"
                + " (chat.postMessage) and PagerDuty (Events API v2).</p><table border=1 cellpadding=4>"
                + "<tr><th>time</th><th>sink</th><th>body</th></tr>");
        List<Received> all = received();
        for (int i = all.size() - 1; i >= 0; i--) {
            Received r = all.get(i);
            html.append("<tr><td>").append(r.at()).append("</td><td>").append(r.sink()).append("</td><td><pre>")
                    .append(HtmlUtils.htmlEscape(pretty(r.body()))).append("</pre></td></tr>");
        }
        html.append("</table>");
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        answer(exchange, 200, html.toString());
    }

    private synchronized void keep(String sink, HttpExchange exchange, String body, String ts) {
        received.addLast(new Received(clock.instant(), sink, exchange.getRequestURI().getPath(), body));
        while (received.size() > KEPT) {
            received.removeFirst();
        }
        Path file = journal;
        if (file != null) {
            try {
                var entry = JSON.createObjectNode().put("at", clock.instant().toString()).put("sink", sink)
                        .put("path", exchange.getRequestURI().getPath()).put("body", body);
                if (ts != null) {
                    entry.put("ts", ts);
                }
                String line = JSON.writeValueAsString(entry) + "\n";
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                LOG.warn("demo sinks: cannot append to the journal {}: {}", file, e.toString());
            }
        }
    }

    private static String read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String pretty(String body) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
        } catch (IOException e) {
            return body;
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
