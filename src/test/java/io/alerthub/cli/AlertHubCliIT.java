package io.alerthub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator tools run in-process on copies of the shipped demo customer, as {@code java -jar … validate|dry-run}
 * would run them: exit status and output. (An IT because each run starts a settings-only Spring context.)
 */
class AlertHubCliIT {
    @TempDir
    Path dir;
    Path customers;
    /** How many scenario bindings the shipped demo routes file has. */
    long bindings;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void copyTheDemoCustomer() throws IOException {
        customers = dir.resolve("customers");
        Path demo = Path.of("customers/demo");
        Files.createDirectories(customers.resolve("demo"));
        try (Stream<Path> files = Files.list(demo)) {
            for (Path file : files.toList()) {
                Files.copy(file, customers.resolve("demo").resolve(file.getFileName()));
            }
        }
        bindings = Files.readAllLines(demo.resolve("routes.camel.yaml")).stream()
                .filter(l -> l.startsWith("- templatedRoute:")).count();
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AlertHubCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // ---- validate

    @Test
    void theShippedCustomerValidatesAndUnsetVariablesAreNamedNotFailed() {
        Run run = run("validate", customers.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("validate: 1 customer, " + bindings + " scenario bindings, 0 errors")
                .contains("note: not set here, so their values were not checked: ").contains("DEMO_TOKEN");
    }

    @Test
    void everyErrorIsPrintedAsFileLinePathMessageAndTheExitIsNonZero() throws IOException {
        Path customerYaml = customers.resolve("demo/customer.yaml");
        int lines = Files.readAllLines(customerYaml).size();
        Files.writeString(customerYaml, "escalaton:\n  levels: []\n", java.nio.file.StandardOpenOption.APPEND);
        Path routes = customers.resolve("demo/routes.camel.yaml");
        List<String> routeLines = new ArrayList<>(Files.readAllLines(routes));
        int threshold = routeLines.indexOf("        value: \"90\"") + 1;
        routeLines.set(threshold - 1, "        value: \"190\"");
        Files.write(routes, routeLines);

        Run run = run("validate", customers.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains(customers + "/demo/customer.yaml:" + (lines + 1) + ": unknown key \"escalaton\" "
                + "(valid: \"alertClasses\", ").contains("\"escalation\", ")
                .contains(customers + "/demo/routes.camel.yaml:" + threshold + ": templatedRoute \"demo.disk\": "
                        + "parameter threshold: invalid value \"190\" (valid: a whole number from 1 to 100)")
                .contains("2 errors");
    }

    @Test
    void checkEnvRequiresEveryVariableAsTheHubDoes() {
        // the demo profile stands in for the demo's variables, except the SSH key it generates at start
        Run run = run("validate", "--check-env", "--spring.profiles.active=demo", customers.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("demo/customer.yaml:").contains("hosts[0].privateKey.env: environment variable "
                + "\"DEMO_SSH_KEY\" is not set").doesNotContain("DEMO_TOKEN");
    }

    @Test
    void aMissingDirectoryAndABadCommandLineAreErrors() {
        Run missing = run("validate", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("customers directory does not exist");
        Run usage = run("validate", "--strict", customers.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("validate: unexpected argument \"--strict\"").contains("usage:");
    }

    // ---- dry-run

    Run dryRun(String format, String payload, String... more) throws IOException {
        Path file = dir.resolve("payload.json");
        Files.writeString(file, payload);
        List<String> args = new ArrayList<>(List.of("dry-run", "--alerthub.customers.dir=" + customers, "--customer",
                "demo", "--format", format));
        args.addAll(List.of(more));
        args.add(file.toString());
        return run(args.toArray(String[]::new));
    }

    @Test
    void aDiskAlertShowsItsBindingTheExactCommandsAndWhoIsNotifiedWhen() throws IOException {
        // 03:00 UTC is 12:00 in Tokyo: not quiet
        Run run = dryRun("generic", """
                {"status":"firing","name":"DiskUsageHigh","alertClass":"disk_usage","resource":{"host":"demo-web-1"}}""",
                "--at", "2026-12-07T03:00:00Z");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("alert 1: DiskUsageHigh [firing, warning] class disk_usage, host demo-web-1")
                .contains("scenario: demo.disk (template disk_usage), the first of " + bindings + " bindings")
                .contains("commands over ssh to hub@127.0.0.1:2221:")
                .contains("check     $ df -P '/'")
                .contains("remediate $ find '/var/log/app' -xdev -type f -mtime +'7' -print -delete")
                .contains("notified when handed over (unless someone acknowledges first):\n"
                        + "    after 0s: slack #demo-alerts (internal) — sent at 2026-12-07 12:00:00 +09:00\n")
                .contains("after 10m: email oncall@demo-customer.example (customer) — sent at 2026-12-07 12:10:00 +09:00");
    }

    @Test
    void atNightTheCustomersMailIsHeldUntilMorningButSlackGoesAtOnce() throws IOException {
        // 15:00 UTC is midnight in Tokyo: inside the demo's "nights" interval (22:00-07:00)
        Run run = dryRun("generic", """
                {"status":"firing","name":"DiskUsageHigh","alertClass":"disk_usage","resource":{"host":"demo-web-1"}}""",
                "--at", "2026-12-07T15:00:00Z");
        assertThat(run.out()).contains("after 0s: slack #demo-alerts (internal) — sent at 2026-12-08 00:00:00 +09:00")
                .contains("after 10m: email oncall@demo-customer.example (customer) — held by quiet hours \"nights\" "
                        + "until 2026-12-08 07:00:00 +09:00 (then in one digest)");
    }

    @Test
    void anAlertDerivedValueThatWouldNotBeSafeToSendEscalatesInsteadOfShowingACommand() throws IOException {
        Run run = dryRun("alertmanager", """
                {"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"demo-web-1",
                 "mountpoint":"/data; rm -rf /","severity":"critical"},"annotations":{"summary":"disk full"},
                 "fingerprint":"dryrun1"}]}""");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("class disk_usage").contains("the scenario would escalate at once:")
                .doesNotContain("$ df");
    }

    @Test
    void aCustomersOwnFormatIsReadThroughItsMappingAndTheHostFromAHostLabel() throws IOException {
        // customers/demo/customer.yaml: ingest.mappings.uptime-kuma, and hostLabels [node, hostname]
        Run run = dryRun("uptime-kuma", Files.readString(Path.of("src/test/resources/fixtures/mappings/"
                + "uptime-kuma-down.json")));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("format uptime-kuma").contains("alert 1: ACME shop [firing, warning]");
        Run labelled = dryRun("generic", """
                {"status":"firing","name":"DiskUsageHigh","alertClass":"disk_usage","labels":{"node":"web01:9100"}}""");
        assertThat(labelled.out()).as("web01 is an alias of demo-web-1").contains("host demo-web-1")
                .contains("scenario: demo.disk");
    }

    @Test
    void everyTemplateHasAPlanInTheDryRun() throws IOException {
        Run run = dryRun("generic", """
                {"status":"firing","name":"ClockSkew","alertClass":"time_sync","resource":{"host":"demo-web-1"}}""");
        assertThat(run.out()).doesNotContain("has no plan");
    }

    @Test
    void withoutABindingTheAlertEscalatesAtOnce() throws IOException {
        Run run = dryRun("generic", """
                {"status":"firing","name":"Backup failed","alertClass":"backup_failed","resource":{"host":"demo-db-1"}}""");
        assertThat(run.out()).contains("scenario: none of the " + bindings + " bindings takes class backup_failed on host demo-db-1: "
                + "escalates at once").contains("notified when escalated").contains("pagerduty");
    }

    @Test
    void aRefusedPayloadAnUnknownFormatAndAnUnknownCustomerExitNonZero() throws IOException {
        Run refused = dryRun("generic", "{\"status\":\"firing\"");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("payload refused: 400").contains("malformed JSON");
        Run format = dryRun("nagios-json", "{}");
        assertThat(format.exit()).isEqualTo(1);
        assertThat(format.out()).contains("unknown format \"nagios-json\" (known: ");
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{}");
        Run customer = run("dry-run", "--alerthub.customers.dir=" + customers, "--customer", "acme", "--format",
                "generic", file.toString());
        assertThat(customer.exit()).isEqualTo(1);
        assertThat(customer.err()).contains("customer \"acme\" is not usable (no folder");
    }
}
