package io.alerthub.bench.scenario;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.HostConfig;
import io.alerthub.demo.DemoFleetKeys;
import io.alerthub.demo.HostState;
import io.alerthub.demo.SimulatedHost;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshCommand;
import io.alerthub.scenario.ssh.SshExecutor;
import io.alerthub.scenario.ssh.SshProperties;
import io.alerthub.scenario.ssh.SshResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The scenario benchmark (bench/scenario/run.sh, docs/benchmarks.md "Scenarios"): starts simulated hosts in this JVM,
 * the packaged hub as a child process bound to them, and measures in one run (a) alert POST to the first command the
 * host receives, (b) alert POST to the incident's RESOLVED verdict for {@code disk_usage}, (c) the floor, a bare exec
 * on an open MINA session to the same host, and (d) scenarios per second with every host busy against the raw exec
 * throughput to the same hosts. Not part of the hub: compiled against the packaged jar by run.sh.
 */
public final class ScenarioBench {
    private static final String CUSTOMER = "bench";
    private static final String USER = "hub";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The floor command: the scenario's own first command, rendered by the hub's own template class. */
    private static final SshCommand DF_ROOT = CommandTemplate.builder("bench.df", "df -P {{path}}")
            .param("path", ParamType.PATH).build().render(Map.of("path", "/"));

    private final Options options;
    private final Path work;
    private final List<SimulatedHost> hosts = new ArrayList<>();
    private final List<HostConfig> hostConfigs = new ArrayList<>();
    /** The sample each host is working on, by host index; null when the host is idle. */
    private final AtomicReferenceArray<Sample> current;
    private final Map<String, Integer> hostIndex = new LinkedHashMap<>();
    private final ExecutorService loop = Executors.newFixedThreadPool(4, daemon("bench-loop"));
    private final AtomicLong fingerprints = new AtomicLong();
    private final long runId = System.currentTimeMillis() % 1_000_000;
    /** Wall clock = this + nanoTime, in microseconds: puts host-side nanoTime stamps next to the hub's Instants. */
    private final long wallOffsetMicros;
    private final List<String> scenarioLines = new ArrayList<>();
    private final Report report;
    private Process hub;
    private String baseUrl;
    private String token;
    private String basicAuth;
    private SshExecutor raw;
    private volatile boolean closedLoop;
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger postErrors = new AtomicInteger();
    /** Alerts the hub answered 202 for: each opens one incident, so the hub must count as many verdicts. */
    private final AtomicInteger accepted = new AtomicInteger();

    private ScenarioBench(Options options) {
        this.options = options;
        this.work = options.results;
        this.current = new AtomicReferenceArray<>(options.hosts);
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        this.wallOffsetMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 - nanos / 1000;
        this.report = new Report(work);
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Options options = Options.parse(args);
        ScenarioBench bench = new ScenarioBench(options);
        // a TERM from run.sh must not leave the hub behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process child = bench.hub;
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
        }));
        int status = 1;
        try {
            bench.run();
            status = 0;
        } catch (Exception | AssertionError e) {
            System.err.println("scenario bench failed: " + e);
            e.printStackTrace();
        } finally {
            bench.close();
        }
        System.exit(status);
    }

    // ---- the run ----------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        KeyPair hubKey = DemoFleetKeys.newClientKey();
        startHosts(hubKey);
        Path customers = writeCustomers(hubKey);
        loadHostConfigs(customers);
        raw = new SshExecutor(SshProperties.defaults());
        startHub(customers);

        log("probe: one disk_usage alert, cold (the hub's first SSH connection to a host)");
        Sample probe = postAndWait(0, Duration.ofSeconds(60));
        readVerdicts(List.of(probe));
        if (!"RESOLVED".equals(probe.outcome)) {
            throw new IllegalStateException("the probe incident " + probe.incidentId + " ended " + probe.outcome
                    + " (" + probe.reason + "), not RESOLVED: see " + work.resolve("hub.log"));
        }
        synchronized (scenarioLines) {
            log("the scenario sent " + scenarioLines.size() + " commands: " + scenarioLines);
        }
        report.line("probe (cold: connect + login + scenario): POST -> RESOLVED " + ms(probe.decidedMicros - probe.postMicros()));

        // one host at a time first: a hundred cold connections at once (key exchange, login, cold JIT) can take longer
        // than the hub's login timeout on a loaded 2-core machine, and warm sessions are what is measured
        log("connecting: one scenario per host from the hub, one exec per host from the benchmark, one at a time");
        for (int i = 0; i < options.hosts; i++) {
            postAndWait(i, Duration.ofSeconds(60));
            floorExec(i);
        }
        log("warm-up: " + options.warmup.toSeconds() + " s of scenarios on all " + options.hosts + " hosts, then raw execs");
        closedLoop(options.warmup, "warm-up");
        drain();
        rawLoop(Duration.ofSeconds(Math.max(5, options.warmup.toSeconds() / 4)), options.hosts);

        log("latency: " + options.samples + " alerts, one at a time, over the first " + options.latencyHosts + " hosts");
        String loadLatency = loadavg();
        List<Sample> samples = latency();
        report.latency(samples, loadLatency, loadavg());

        log("throughput: " + options.duration.toSeconds() + " s of scenarios with all " + options.hosts + " hosts busy");
        Map<String, Double> before = outcomes();
        String loadHub = loadavg();
        Rate hubRate = closedLoop(options.duration, "measured");
        String loadHubEnd = loadavg();
        drain();
        Map<String, Double> after = outcomes();
        List<Rate> raws = new ArrayList<>();
        for (int concurrency : options.rawConcurrency) {
            log("raw exec throughput: " + options.duration.toSeconds() + " s, " + concurrency + " workers over "
                    + options.hosts + " hosts, " + scenarioLines.size() + " commands per scenario");
            raws.add(rawLoop(options.duration, concurrency));
        }
        report.throughput(hubRate, loadHub, loadHubEnd, raws, before, after, scenarioLines.size(), stalls.get(),
                postErrors.get(), options);
        report.write();
        System.out.println(report.text());
    }

    // ---- hosts and customer folder ---------------------------------------------------------------------------------

    private void startHosts(KeyPair hubKey) throws IOException {
        Clock clock = Clock.systemUTC();
        for (int i = 0; i < options.hosts; i++) {
            String id = String.format(Locale.ROOT, "bench-web-%03d", i);
            int index = i;
            SimulatedHost host = new SimulatedHost(id, HostState.diskFull(id, clock), DemoFleetKeys.hostKey(id),
                    hubKey.getPublic(), USER, clock);
            host.listener(new SimulatedHost.CommandListener() {
                @Override
                public void received(String h, String line, long nanoTime) {
                    Sample s = current.get(index);
                    if (s != null) {
                        s.received(line, nanoTime);
                    }
                }

                @Override
                public void answered(String h, String line, int exitCode, long nanoTime) {
                    Sample s = current.get(index);
                    if (s != null && s.answered(line, nanoTime)) {
                        current.compareAndSet(index, s, null);
                        finished(index, s);
                    }
                }
            });
            host.start("127.0.0.1", 0);
            hosts.add(host);
            hostIndex.put(id, i);
        }
        log("started " + hosts.size() + " simulated hosts on 127.0.0.1, ports " + hosts.get(0).port() + "…"
                + hosts.get(hosts.size() - 1).port());
    }

    private Path writeCustomers(KeyPair hubKey) throws IOException {
        Path folder = work.resolve("customers").resolve(CUSTOMER);
        Files.createDirectories(folder);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        token = HexFormat.of().formatHex(random);
        Files.writeString(folder.resolve("token"), token + "\n");
        Files.writeString(folder.resolve("hub_key"), DemoFleetKeys.openSshPrivateKey(hubKey));
        StringBuilder yaml = new StringBuilder();
        yaml.append("# written by bench/scenario (ScenarioBench): simulated hosts in the benchmark's own JVM\n");
        yaml.append("id: ").append(CUSTOMER).append('\n');
        yaml.append("name: Scenario benchmark\n");
        yaml.append("ingest:\n  auth:\n    - type: bearer\n      token: { file: token }\n");
        yaml.append("hosts:\n");
        for (SimulatedHost host : hosts) {
            yaml.append("  - id: ").append(host.id()).append('\n');
            yaml.append("    address: 127.0.0.1\n");
            yaml.append("    sshPort: ").append(host.port()).append('\n');
            yaml.append("    sshUser: ").append(USER).append('\n');
            yaml.append("    hostKey: \"").append(host.hostKeyLine()).append("\"\n");
            yaml.append("    privateKey: { file: hub_key }\n");
        }
        Files.writeString(folder.resolve("customer.yaml"), yaml.toString());
        // maxRemediations: every host is cleaned again and again on purpose; the rate limit would escalate the 4th
        Files.writeString(folder.resolve("routes.camel.yaml"), """
                # written by bench/scenario (ScenarioBench): disk_usage on every simulated host
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: bench.disk
                    parameters:
                      - name: hosts
                        value: "bench-web-*"
                      - name: cleanPaths
                        value: /var/log/app
                      - name: maxRemediations
                        value: "100000000"
                """);
        return folder.getParent();
    }

    /** The hosts as the hub reads them (same loader, same secret resolution), for the floor and raw measurements. */
    private void loadHostConfigs(Path customers) {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(customers.toString(),
                Duration.ofHours(1)), new StandardEnvironment(), null, null);
        CustomerConfig customer = registry.find(CUSTOMER).orElseThrow();
        for (SimulatedHost host : hosts) {
            hostConfigs.add(customer.host(host.id()).orElseThrow());
        }
    }

    // ---- the hub ----------------------------------------------------------------------------------------------------

    private void startHub(Path customers) throws Exception {
        Path hubDir = work.resolve("hub");
        Files.createDirectories(hubDir);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // cost 4: the benchmark reads incidents through the API; a cost-10 hash would add ~60 ms of CPU per request
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(password);
        basicAuth = "Basic " + Base64.getEncoder().encodeToString(("bench:" + password).getBytes(StandardCharsets.UTF_8));
        Path config = hubDir.resolve("bench.yaml");
        Files.writeString(config, "# written by bench/scenario: the benchmark's API login (random password)\n"
                + "alerthub:\n  security:\n    users:\n      - username: bench\n        password: \"" + hash + "\"\n"
                + "        roles: [admin]\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
        if (options.jfr) {
            command.add("-XX:StartFlightRecording=filename=" + work.resolve("hub.jfr") + ",settings=profile");
        }
        command.addAll(List.of("-jar", options.jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--alerthub.customers.dir=" + customers,
                "--spring.datasource.url=jdbc:h2:file:" + hubDir.resolve("data/alerthub") + ";MODE=PostgreSQL;WRITE_DELAY=0",
                "--spring.config.additional-location=file:" + config));
        command.addAll(options.hubArgs);
        log("starting the hub: " + String.join(" ", command));
        hub = new ProcessBuilder(command).directory(hubDir.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("hub.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.startTimeout);
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited at start (" + hub.exitValue() + "), see "
                        + work.resolve("hub.log"));
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    log("the hub is up on " + baseUrl);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the hub did not answer /actuator/health within " + options.startTimeout + " s");
    }

    // ---- one scenario -----------------------------------------------------------------------------------------------

    /** What one alert did, as seen from the benchmark, the host and the hub. */
    static final class Sample {
        final int host;
        final String fingerprint;
        final CountDownLatch done = new CountDownLatch(1);
        final List<String> lines = new ArrayList<>();
        volatile long postNanos;
        volatile long answerNanos;
        volatile long firstReceivedNanos;
        volatile long lastAnsweredNanos;
        volatile long postWallMicros;
        int dfAnswered;
        String incidentId;
        String outcome;
        String reason;
        long automationStartedMicros;
        long decidedMicros;
        long floorNanos;
        long floorReceivedNanos;

        Sample(int host, String fingerprint) {
            this.host = host;
            this.fingerprint = fingerprint;
        }

        synchronized void received(String line, long nanoTime) {
            if (firstReceivedNanos == 0) {
                firstReceivedNanos = nanoTime;
            }
            lines.add(line);
        }

        /** True when this was the scenario's last command: the second {@code df -P} (check, then verify). */
        synchronized boolean answered(String line, long nanoTime) {
            lastAnsweredNanos = nanoTime;
            return line.startsWith("df -P") && ++dfAnswered == 2;
        }

        long postMicros() {
            return postWallMicros;
        }
    }

    private Sample post(int index) {
        hosts.get(index).reset();
        Sample sample = new Sample(index, "bench-" + runId + "-" + fingerprints.incrementAndGet());
        if (!current.compareAndSet(index, null, sample)) {
            throw new IllegalStateException("host " + index + " is still busy");
        }
        sample.postWallMicros = wallOffsetMicros + System.nanoTime() / 1000;
        sample.postNanos = System.nanoTime();
        return sample;
    }

    private HttpRequest alertRequest(Sample sample) {
        String host = hosts.get(sample.host).id();
        String body = "{\"status\":\"firing\",\"name\":\"DiskAlmostFull\",\"alertClass\":\"disk_usage\","
                + "\"severity\":\"warning\",\"summary\":\"/ is 93% full\",\"resource\":{\"host\":\"" + host + "\"},"
                + "\"labels\":{\"mountpoint\":\"/\"},\"fingerprint\":\"" + sample.fingerprint + "\"}";
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/customers/" + CUSTOMER + "/alerts/generic"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Sample postAndWait(int index, Duration timeout) throws Exception {
        Sample sample = post(index);
        HttpResponse<String> response = HTTP.send(alertRequest(sample), HttpResponse.BodyHandlers.ofString());
        sample.answerNanos = System.nanoTime();
        if (response.statusCode() != 202) {
            current.compareAndSet(index, sample, null);
            throw new IllegalStateException("POST alert answered " + response.statusCode() + ": " + response.body());
        }
        accepted.incrementAndGet();
        if (!sample.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            current.compareAndSet(index, sample, null);
            readVerdicts(List.of(sample));
            throw new IllegalStateException("no second df -P on " + hosts.get(index).id() + " within " + timeout
                    + " (commands received: " + sample.lines + "; incident " + sample.incidentId + " " + sample.outcome
                    + ": " + sample.reason + ")");
        }
        return sample;
    }

    /** Called on the host's thread when a sample's last command was answered. */
    private void finished(int index, Sample sample) {
        synchronized (scenarioLines) {
            if (scenarioLines.isEmpty()) {
                synchronized (sample) {
                    scenarioLines.addAll(sample.lines);
                }
            }
        }
        sample.done.countDown();
        if (closedLoop) {
            completions.incrementAndGet();
            loop.execute(() -> postAsync(index));
        }
    }

    private void postAsync(int index) {
        if (!closedLoop) {
            return;
        }
        Sample sample = post(index);
        HTTP.sendAsync(alertRequest(sample), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 202) {
                accepted.incrementAndGet();
            } else {
                postErrors.incrementAndGet();
                if (current.compareAndSet(index, sample, null)) {
                    loop.execute(() -> postAsync(index));
                }
            }
        });
    }

    /**
     * Reads the incidents of the samples (by fingerprint) through the operator API once they are decided; the
     * decision time is the hub's. Called between phases, never while measuring: every API request costs the hub a
     * bcrypt check (Basic auth is stateless, and Spring upgrades a cheaper hash to its own cost on first use).
     */
    private void readVerdicts(List<Sample> samples) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Sample> open = new LinkedHashMap<>();
        samples.forEach(s -> open.put(s.fingerprint, s));
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            String next = "/api/v1/incidents?customer=" + CUSTOMER + "&limit=500";
            while (next != null && !open.isEmpty()) {
                JsonNode page = get(next);
                for (JsonNode incident : page.path("items")) {
                    Sample s = open.get(incident.path("fingerprint").asText());
                    if (s != null && incident.hasNonNull("decidedAt")) {
                        s.incidentId = incident.path("id").asText();
                        s.outcome = incident.path("outcome").asText();
                        s.reason = incident.path("outcomeReason").asText();
                        s.decidedMicros = micros(Instant.parse(incident.path("decidedAt").asText()));
                        s.automationStartedMicros = incident.hasNonNull("automationStartedAt")
                                ? micros(Instant.parse(incident.path("automationStartedAt").asText())) : 0;
                        open.remove(s.fingerprint);
                    }
                }
                String url = page.path("next").asText(null);
                next = url == null || url.isEmpty() || "null".equals(url) ? null : URI.create(url).getRawPath()
                        + "?" + URI.create(url).getRawQuery();
            }
            if (!open.isEmpty()) {
                Thread.sleep(200);
            }
        }
        open.values().forEach(s -> s.outcome = "UNDECIDED");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", basicAuth).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    // ---- phases -----------------------------------------------------------------------------------------------------

    private List<Sample> latency() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < options.samples; i++) {
            int index = i % options.latencyHosts;
            Sample floor = floorExec(index);
            Thread.sleep(options.gapMillis); // an idle hub between alerts: this measures latency, not queueing
            Sample sample = postAndWait(index, Duration.ofSeconds(30));
            sample.floorNanos = floor.floorNanos;
            sample.floorReceivedNanos = floor.floorReceivedNanos;
            samples.add(sample);
        }
        readVerdicts(samples);
        return samples;
    }

    /** (c): one bare exec of the scenario's first command on the benchmark's own open session to the host. */
    private Sample floorExec(int index) throws Exception {
        Sample probe = new Sample(index, null); // one df -P answered: never "finished", only timed
        if (!current.compareAndSet(index, null, probe)) {
            throw new IllegalStateException("host " + index + " is still busy");
        }
        long start = System.nanoTime();
        SshResult result = raw.execute(CUSTOMER, hostConfigs.get(index), DF_ROOT);
        long end = System.nanoTime();
        current.compareAndSet(index, probe, null);
        if (result.exitCode() == null || result.exitCode() != 0) {
            throw new IllegalStateException("floor exec failed: " + result);
        }
        Sample floor = new Sample(index, null);
        floor.floorNanos = end - start;
        floor.floorReceivedNanos = probe.firstReceivedNanos - start;
        return floor;
    }

    /** Scenarios on every host at once: each host gets its next alert as soon as its last command was answered. */
    private Rate closedLoop(Duration length, String name) throws Exception {
        completions.set(0);
        closedLoop = true;
        for (int i = 0; i < options.hosts; i++) {
            if (current.get(i) == null) {
                int index = i;
                loop.execute(() -> postAsync(index));
            }
        }
        long start = System.nanoTime();
        int startCount = completions.get();
        long end = start + length.toNanos();
        long lastProgress = System.nanoTime();
        int lastCount = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(500);
            int count = completions.get();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(20)) {
                throw new IllegalStateException("no scenario finished for 20 s in the " + name + " run");
            }
            requeueStalled(Duration.ofSeconds(30));
        }
        int done = completions.get() - startCount;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate("hub", options.hubConcurrency, done, seconds);
    }

    /** A host whose scenario never reached its last command (escalated, handed over) gets a fresh alert. */
    private void requeueStalled(Duration after) {
        long now = System.nanoTime();
        for (int i = 0; i < options.hosts; i++) {
            Sample s = current.get(i);
            if (s != null && now - s.postNanos > after.toNanos() && current.compareAndSet(i, s, null)) {
                stalls.incrementAndGet();
                int index = i;
                loop.execute(() -> postAsync(index));
            }
        }
    }

    /** Stops posting and waits until every host's last scenario is done (so the outcome counts are complete). */
    private void drain() throws InterruptedException, IOException {
        closedLoop = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean busy = false;
            for (int i = 0; i < options.hosts; i++) {
                busy |= current.get(i) != null;
            }
            if (!busy) {
                break;
            }
            Thread.sleep(50);
        }
        for (int i = 0; i < options.hosts; i++) {
            Sample s = current.getAndSet(i, null);
            if (s != null) {
                stalls.incrementAndGet(); // its scenario never reached the last command (escalated or handed over)
            }
        }
        // the verdict commits just after the last command: wait until the hub counted one per accepted alert
        long verdictDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outcomes().values().stream().mapToDouble(Double::doubleValue).sum() < accepted.get()
                && System.nanoTime() < verdictDeadline) {
            Thread.sleep(200);
        }
    }

    /** (d) raw: the scenario's exact command lines, one host at a time per worker, on the benchmark's own sessions. */
    private Rate rawLoop(Duration length, int workers) throws Exception {
        List<SshCommand> lines;
        synchronized (scenarioLines) {
            lines = scenarioLines.stream().map(ScenarioBench::verbatim).toList();
        }
        AtomicInteger scenarios = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("bench-raw"));
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.execute(() -> {
                for (int round = 0; running.get(); round++) {
                    int index = (worker + round * workers) % options.hosts;
                    hosts.get(index).reset();
                    try {
                        for (SshCommand line : lines) {
                            raw.execute(CUSTOMER, hostConfigs.get(index), line);
                        }
                        scenarios.incrementAndGet();
                    } catch (Exception e) {
                        if (failures.incrementAndGet() == 1) {
                            log("raw exec failed: " + e);
                        }
                    }
                }
            });
        }
        Thread.sleep(length.toMillis());
        running.set(false);
        int done = scenarios.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        if (failures.get() > 0) {
            log("raw exec: " + failures.get() + " failed scenario sequences");
        }
        return new Rate("raw", workers, done, seconds);
    }

    /** A command line exactly as the hub sent it (already rendered and quoted). */
    private static SshCommand verbatim(String line) {
        return CommandTemplate.builder("bench.replay", line).build().render();
    }

    /** Resolved/handed-over/escalated counts from the hub's own metrics. */
    private Map<String, Double> outcomes() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .header("Authorization", basicAuth).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> counts = new LinkedHashMap<>();
        Pattern outcome = Pattern.compile("^alerthub_scenario_outcomes_total\\{.*outcome=\"([A-Z_]+)\".*} ([0-9.E+-]+)$");
        for (String line : response.body().split("\n")) {
            Matcher m = outcome.matcher(line);
            if (m.matches()) {
                counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return counts;
    }

    // ---- bookkeeping ------------------------------------------------------------------------------------------------

    private void close() {
        closedLoop = false;
        loop.shutdownNow();
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            try {
                if (!hub.waitFor(60, TimeUnit.SECONDS)) {
                    hub.destroyForcibly();
                }
            } catch (InterruptedException e) {
                hub.destroyForcibly();
            }
        }
        if (raw != null) {
            raw.close();
        }
        hosts.forEach(SimulatedHost::close);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    static String loadavg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String ms(double micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f ms" : "%.0f ms", micros / 1000);
    }

    private static void log(String message) {
        System.err.printf("[%s] %s%n", Instant.now().toString().substring(11, 19), message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Completed scenarios over a measured time. */
    record Rate(String what, int concurrency, int scenarios, double seconds) {
        double perSecond() {
            return scenarios / seconds;
        }
    }

    // ---- results ----------------------------------------------------------------------------------------------------

    /** The tables docs/benchmarks.md shows, and the raw samples as CSV. */
    static final class Report {
        private final Path dir;
        private final StringBuilder text = new StringBuilder();
        private final List<String> notes = new ArrayList<>();

        Report(Path dir) {
            this.dir = dir;
        }

        void line(String note) {
            notes.add(note);
        }

        void latency(List<Sample> samples, String loadStart, String loadEnd) throws IOException {
            StringBuilder csv = new StringBuilder("host,post_to_202_us,post_to_first_command_us,post_to_automation_started_us,"
                    + "first_command_to_last_answered_us,last_answered_to_decided_us,post_to_decided_us,floor_exec_us,"
                    + "floor_send_to_received_us,outcome\n");
            long resolved = samples.stream().filter(s -> "RESOLVED".equals(s.outcome)).count();
            double[] a = new double[samples.size()];
            double[] b = new double[samples.size()];
            double[] c = new double[samples.size()];
            double[] cRecv = new double[samples.size()];
            double[] ingest = new double[samples.size()];
            double[] claim = new double[samples.size()];
            double[] dispatch = new double[samples.size()];
            double[] steps = new double[samples.size()];
            double[] decide = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                long lastWall = s.postWallMicros + (s.lastAnsweredNanos - s.postNanos) / 1000;
                a[i] = (s.firstReceivedNanos - s.postNanos) / 1000.0;
                b[i] = s.decidedMicros - s.postWallMicros;
                c[i] = s.floorNanos / 1000.0;
                cRecv[i] = s.floorReceivedNanos / 1000.0;
                ingest[i] = (s.answerNanos - s.postNanos) / 1000.0;
                claim[i] = s.automationStartedMicros - s.postWallMicros;
                dispatch[i] = a[i] - claim[i];
                steps[i] = (s.lastAnsweredNanos - s.firstReceivedNanos) / 1000.0;
                decide[i] = s.decidedMicros - lastWall;
                csv.append(s.host).append(',').append((long) ingest[i]).append(',').append((long) a[i]).append(',')
                        .append((long) claim[i]).append(',').append((long) steps[i]).append(',').append((long) decide[i])
                        .append(',').append((long) b[i]).append(',').append((long) c[i]).append(',')
                        .append((long) cRecv[i]).append(',').append(s.outcome).append('\n');
            }
            Files.writeString(dir.resolve("latency.csv"), csv.toString());
            text.append("Latency: ").append(samples.size()).append(" disk_usage alerts, one at a time (the hub idle "
                    + "between them), rotating over ").append(samples.stream().mapToInt(s -> s.host).distinct().count())
                    .append(" warm hosts; ").append(resolved).append(" ended RESOLVED. Load average ")
                    .append(loadStart).append(" at the start, ").append(loadEnd).append(" at the end.\n\n");
            text.append("| figure | p50 | p90 | p99 | max | target |\n|---|---:|---:|---:|---:|---|\n");
            row("(c) floor: bare exec `df -P '/'` on an open session (round trip)", c, "");
            row("(c′) floor, one way: exec sent → host received it", cRecv, "");
            row("(a) alert POST → first SSH command received by the host", a,
                    "p50 ≤ (c)+5 ms, p99 ≤ (c)+25 ms: " + verdict(pct(a, 50) - pct(c, 50) <= 5000
                            && pct(a, 99) - pct(c, 99) <= 25000) + " (+" + ms(pct(a, 50) - pct(c, 50)) + " / +"
                            + ms(pct(a, 99) - pct(c, 99)) + ")");
            row("(b) alert POST → incident RESOLVED (`decidedAt`)", b, "p50 ≤ 100 ms: " + verdict(pct(b, 50) <= 100_000));
            text.append("\nWhere (a) and (b) go (same samples; the hub's timestamps are its wall clock, same machine):\n\n");
            text.append("| part | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|\n");
            part("POST → `202` (durable intake commit, answer)", ingest);
            part("POST → incident claimed by the dispatcher (`automationStartedAt`)", claim);
            part("claimed → first command received (run start, timeline row, SSH send)", dispatch);
            part("first command received → last command answered (5 commands and their timeline rows)", steps);
            part("last command answered → `decidedAt` (verdict)", decide);
        }

        void throughput(Rate hub, String loadStart, String loadEnd, List<Rate> raws, Map<String, Double> before,
                        Map<String, Double> after, int commands, int stalls, int postErrors, Options options) {
            Rate best = raws.stream().max((x, y) -> Double.compare(x.perSecond(), y.perSecond())).orElseThrow();
            text.append("\nThroughput: ").append(options.hosts).append(" simulated hosts, each given its next alert "
                    + "as soon as its last command was answered, ").append(options.duration.toSeconds())
                    .append(" s per run; raw = the same ").append(commands).append(" command lines per scenario sent "
                    + "by the benchmark's own SshExecutor. Load average ").append(loadStart).append(" → ")
                    .append(loadEnd).append(" during the hub run.\n\n");
            text.append("| run | concurrency | scenarios/s | commands/s | hub / raw |\n|---|---:|---:|---:|---:|\n");
            text.append(String.format(Locale.ROOT, "| hub: alert → RESOLVED | %d (seda consumers) | %.1f | %.0f | "
                    + "%.2f of the best raw (target ≥ 0.70: %s) |%n", hub.concurrency(), hub.perSecond(),
                    hub.perSecond() * commands, hub.perSecond() / best.perSecond(),
                    verdict(hub.perSecond() / best.perSecond() >= 0.70)));
            for (Rate r : raws) {
                text.append(String.format(Locale.ROOT, "| raw exec | %d workers | %.1f | %.0f | %.2f |%n",
                        r.concurrency(), r.perSecond(), r.perSecond() * commands, hub.perSecond() / r.perSecond()));
            }
            Map<String, Double> delta = new LinkedHashMap<>();
            after.forEach((k, v) -> {
                double d = v - before.getOrDefault(k, 0.0);
                if (d > 0) {
                    delta.put(k, d);
                }
            });
            text.append("\nOutcomes the hub counted over the measured run and its drain (`alerthub_scenario_outcomes_total`): ")
                    .append(delta.isEmpty() ? "none" : delta.entrySet().stream()
                            .map(e -> e.getKey() + " " + Math.round(e.getValue())).toList().toString())
                    .append("; stalled scenarios re-posted: ").append(stalls).append("; failed POSTs: ")
                    .append(postErrors).append(".\n");
            if (!notes.isEmpty()) {
                text.append('\n');
                notes.forEach(n -> text.append("- ").append(n).append('\n'));
            }
        }

        private void row(String name, double[] values, String target) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, ms(pct(values, 50)),
                    ms(pct(values, 90)), ms(pct(values, 99)), ms(pct(values, 100)), target));
        }

        private void part(String name, double[] values) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, ms(pct(values, 50)),
                    ms(pct(values, 90)), ms(pct(values, 99)), ms(pct(values, 100))));
        }

        private static String verdict(boolean met) {
            return met ? "met" : "**missed**";
        }

        /** Nearest-rank percentile. */
        static double pct(double[] values, double p) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        String text() {
            return text.toString();
        }

        void write() throws IOException {
            Files.writeString(dir.resolve("table.md"), text.toString());
        }
    }

    /** Command-line options (run.sh passes them through). */
    static final class Options {
        Path jar;
        Path results;
        int hosts = 100;
        int samples = 300;
        int latencyHosts = 10;
        long gapMillis = 50;
        Duration warmup = Duration.ofSeconds(30);
        Duration duration = Duration.ofSeconds(20);
        List<Integer> rawConcurrency = List.of(16, 100);
        int hubConcurrency = 16;
        int startTimeout = 300;
        boolean jfr;
        List<String> hubArgs = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--jar" -> { o.jar = Path.of(required(arg, value)).toAbsolutePath(); i++; }
                    case "--results" -> { o.results = Path.of(required(arg, value)).toAbsolutePath(); i++; }
                    case "--hosts" -> { o.hosts = Integer.parseInt(required(arg, value)); i++; }
                    case "--samples" -> { o.samples = Integer.parseInt(required(arg, value)); i++; }
                    case "--latency-hosts" -> { o.latencyHosts = Integer.parseInt(required(arg, value)); i++; }
                    case "--gap-ms" -> { o.gapMillis = Long.parseLong(required(arg, value)); i++; }
                    case "--warmup" -> { o.warmup = Duration.ofSeconds(Long.parseLong(required(arg, value))); i++; }
                    case "--duration" -> { o.duration = Duration.ofSeconds(Long.parseLong(required(arg, value))); i++; }
                    case "--raw-concurrency" -> {
                        o.rawConcurrency = Arrays.stream(required(arg, value).split(",")).map(String::trim)
                                .map(Integer::parseInt).toList();
                        i++;
                    }
                    case "--hub-concurrency" -> { o.hubConcurrency = Integer.parseInt(required(arg, value)); i++; }
                    case "--start-timeout" -> { o.startTimeout = Integer.parseInt(required(arg, value)); i++; }
                    case "--jfr" -> o.jfr = true;
                    case "--hub-arg" -> { o.hubArgs.add(required(arg, value)); i++; }
                    default -> throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
                }
            }
            if (o.jar == null || o.results == null) {
                throw new IllegalArgumentException("--jar and --results are required");
            }
            o.latencyHosts = Math.min(o.latencyHosts, o.hosts);
            o.hubArgs.add("--alerthub.scenarios.concurrency=" + o.hubConcurrency);
            return o;
        }

        private static String required(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return value;
        }
    }
}
