package io.alerthub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.alerthub.notify.slack.SlackMessages;
import io.alerthub.notify.slack.SlackRequestSigning;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo's stand-ins for Slack and PagerDuty: a small HTTP server on loopback that answers
 * {@code POST /slack/api/chat.postMessage} like Slack's Web API (with a {@code ts} for threads) and
 * {@code POST /pagerduty/v2/enqueue} like the Events API v2, logs each message and lists the last ones on
 * {@code GET /}. The README's run command points the hub's Slack and PagerDuty base URLs here, so escalations are
 * visible without any SaaS account. With {@link #interactive} the page also shows the hub's Slack buttons: pressing
 * one sends the hub a correctly signed {@code block_actions} interaction as a Slack user, and the hub's message update
 * arrives on {@code POST /slack/response/<n>} (its {@code response_url}). Loopback only; never on a reachable host.
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
    private volatile Interactive interactive;
    private final AtomicLong responses = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();

    /** What pressing a button needs: the Slack app's signing secret, who presses, and where the hub listens. */
    private record Interactive(byte[] signingSecret, String slackUserId, Supplier<String> hubBaseUrl) {
    }

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
        server.createContext("/slack/press", sinks::pressForm);
        server.createContext("/slack/response/", sinks::slackResponse);
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

    /**
     * From now on, the page offers the buttons of the hub's Slack messages; pressing one signs an interaction with
     * {@code signingSecret} as Slack user {@code slackUserId} and posts it to the hub at {@code hubBaseUrl}.
     */
    public DemoSinks interactive(byte[] signingSecret, String slackUserId, Supplier<String> hubBaseUrl) {
        this.interactive = new Interactive(signingSecret.clone(), slackUserId, hubBaseUrl);
        return this;
    }

    /**
     * Presses {@code actionId} (e.g. {@code alerthub.takeover}) on the newest Slack message carrying buttons for
     * {@code incidentId}, as Slack would: a signed form post to the hub's interactivity URL. Returns the hub's
     * HTTP status.
     */
    public int press(String incidentId, String actionId) throws IOException, InterruptedException {
        Interactive with = interactive;
        if (with == null) {
            throw new IllegalStateException("slack buttons are off (alerthub.slack.interactive.enabled)");
        }
        JsonNode message = null;
        List<Received> all = received();
        for (int i = all.size() - 1; i >= 0 && message == null; i--) {
            Received r = all.get(i);
            if (r.sink().equals("slack") && incidentId.equals(buttonIncident(parse(r.body())))) {
                message = parse(r.body());
            }
        }
        if (message == null) {
            throw new IllegalArgumentException("no slack message with buttons for incident " + incidentId);
        }
        var payload = JSON.createObjectNode().put("type", "block_actions");
        payload.putObject("user").put("id", with.slackUserId()).put("username", "demo-slack-user")
                .put("team_id", "T0DEMO0001");
        payload.putObject("team").put("id", "T0DEMO0001");
        payload.putObject("channel").put("id", "C0DEMO0001");
        payload.putObject("container").put("type", "message").put("channel_id", "C0DEMO0001");
        var shown = payload.putObject("message").put("type", "message").put("text", message.path("text").asText());
        shown.set("blocks", message.path("blocks"));
        payload.put("response_url", "http://127.0.0.1:" + port() + "/slack/response/" + responses.incrementAndGet());
        payload.putArray("actions").addObject().put("type", "button").put("action_id", actionId)
                .put("block_id", SlackMessages.ACTIONS_BLOCK).put("value", incidentId)
                .put("action_ts", Long.toString(clock.instant().getEpochSecond()));
        byte[] body = ("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(with.hubBaseUrl().get()
                        + "/api/v1/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(SlackRequestSigning.TIMESTAMP_HEADER, timestamp)
                .header(SlackRequestSigning.SIGNATURE_HEADER, SlackRequestSigning.sign(with.signingSecret(), timestamp,
                        body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        LOG.info("demo sink slack: pressed {} on incident {} as {}: the hub answered {}", actionId, incidentId,
                with.slackUserId(), answer.statusCode());
        return answer.statusCode();
    }

    /** The incident id on a message's buttons, or null when it has none. */
    private static String buttonIncident(JsonNode message) {
        for (JsonNode block : message.path("blocks")) {
            if (SlackMessages.ACTIONS_BLOCK.equals(block.path("block_id").asText())) {
                return block.path("elements").path(0).path("value").asText(null);
            }
        }
        return null;
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
     * {@code ts}) from {@code oldest} to {@code latest}, newest first, one page of {@code limit} with a cursor, metadata included: what
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
        double latest = Double.parseDouble(form.getOrDefault("latest", String.valueOf(Double.MAX_VALUE)));
        int limit = Math.max(1, Math.min(200, Integer.parseInt(form.getOrDefault("limit", "100"))));
        int from = Integer.parseInt(form.getOrDefault("cursor", "0"));
        String thread = form.get("ts");
        List<Posted> matching;
        synchronized (this) {
            matching = posted.stream()
                    .filter(p -> Double.parseDouble(p.ts()) >= oldest && Double.parseDouble(p.ts()) <= latest)
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

    /** The page's button form: {@code incident} and {@code action}; back to the page after pressing. */
    private void pressForm(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{\"error\":\"POST only\"}");
            return;
        }
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : read(exchange).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        try {
            press(form.getOrDefault("incident", ""), form.getOrDefault("action", ""));
        } catch (IllegalArgumentException | IllegalStateException e) {
            answer(exchange, 400, JSON.writeValueAsString(Map.of("error", e.getMessage())));
            return;
        } catch (IOException e) {
            answer(exchange, 502, JSON.writeValueAsString(Map.of("error", "the hub is unreachable: " + e)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "{\"error\":\"interrupted\"}");
            return;
        }
        exchange.getResponseHeaders().add("Location", "/");
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    /** The hub's answer to a press (a message update or a reply only the presser sees), kept like a message. */
    private void slackResponse(HttpExchange exchange) throws IOException {
        String body = read(exchange);
        keep("slack-response", exchange, body, null);
        LOG.info("demo sink slack: response to a button press: {}", parse(body).path("text").asText());
        answer(exchange, 200, "{\"ok\":true}");
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
                + " (chat.postMessage, and answers to button presses) and PagerDuty (Events API v2).</p>"
                + "<table border=1 cellpadding=4>"
                + "<tr><th>time</th><th>sink</th><th>body</th></tr>");
        List<Received> all = received();
        for (int i = all.size() - 1; i >= 0; i--) {
            Received r = all.get(i);
            html.append("<tr><td>").append(r.at()).append("</td><td>").append(r.sink()).append("</td><td>")
                    .append(buttons(r)).append("<pre>")
                    .append(HtmlUtils.htmlEscape(pretty(r.body()))).append("</pre></td></tr>");
        }
        html.append("</table>");
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        answer(exchange, 200, html.toString());
    }

    /** The press form for a Slack message with the hub's buttons (interactive demo only). */
    private String buttons(Received r) {
        String incident = interactive == null || !r.sink().equals("slack") ? null : buttonIncident(parse(r.body()));
        if (incident == null) {
            return "";
        }
        String id = HtmlUtils.htmlEscape(incident);
        return "<form method=post action=/slack/press><input type=hidden name=incident value=\"" + id + "\">"
                + "Press as a Slack user: "
                + "<button name=action value=alerthub.acknowledge>Acknowledge</button> "
                + "<button name=action value=alerthub.takeover>Take over</button> "
                + "<button name=action value=alerthub.resolve>Resolve</button></form>";
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
