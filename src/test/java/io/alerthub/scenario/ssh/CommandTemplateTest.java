package io.alerthub.scenario.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command templates: text checked when built, values checked and quoted, and the quoting proven on a real sh. */
class CommandTemplateTest {

    static Stream<Arguments> badTemplates() {
        return Stream.of(
                arguments("echo {{x}}", Map.of(), "template \"t\": placeholder {{x}} is not declared (declared: none)"),
                arguments("echo hi", Map.of("x", ParamType.INT), "template \"t\": parameter \"x\" is declared but never used"),
                arguments("echo '{{x}}'", Map.of("x", ParamType.INT), "template \"t\": placeholder {{x}} is inside single "
                        + "quotes (values are quoted by the template: write it bare)"),
                arguments("echo \"a {{x}}\"", Map.of("x", ParamType.INT), "template \"t\": placeholder {{x}} is inside "
                        + "double quotes (values are quoted by the template: write it bare)"),
                arguments("echo \\{{x}}", Map.of("x", ParamType.INT), "template \"t\": a placeholder must not follow \"\\\""),
                arguments("echo ${{x}}", Map.of("x", ParamType.INT), "template \"t\": placeholder {{x}} must not follow \"$\""),
                arguments("echo `date` {{x}}", Map.of("x", ParamType.INT), "template \"t\": backquotes are not allowed, use $(...)"),
                arguments("echo $'a\\'' {{x}}", Map.of("x", ParamType.INT), "template \"t\": $'...' quoting is not allowed"),
                arguments("echo {{x}}\nreboot", Map.of("x", ParamType.INT), "template \"t\": command text must be one line"),
                arguments("echo 'open {{x}}", Map.of("x", ParamType.INT), "template \"t\": placeholder {{x}} is inside "
                        + "single quotes (values are quoted by the template: write it bare)"),
                arguments("echo 'open", Map.of(), "template \"t\": unterminated single quote"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTemplates")
    void aTemplateThatCouldLetAValueEscapeIsRefusedWhenBuilt(String text, Map<String, ParamType> params, String message) {
        CommandTemplate.Builder builder = CommandTemplate.builder("t", text);
        params.forEach(builder::param);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void placeholdersOutsideQuotesMayJoinFixedText() {
        CommandTemplate template = CommandTemplate.builder("journal", "journalctl --unit={{unit}} -n {{lines}} "
                        + "--grep \"fixed text\" /var/log/{{file}}")
                .param("unit", ParamType.UNIT_NAME).param("lines", ParamType.integer(1, 500))
                .param("file", ParamType.oneOf("syslog", "messages")).build();

        assertThat(template.render(Map.of("unit", "nginx", "lines", "50", "file", "syslog")).text())
                .isEqualTo("journalctl --unit='nginx' -n '50' --grep \"fixed text\" /var/log/'syslog'");
    }

    @Test
    void missingAndUnknownValuesAreRefused() {
        CommandTemplate template = CommandTemplate.builder("restart", "systemctl restart {{unit}}")
                .param("unit", ParamType.UNIT_NAME).build();

        assertThatThrownBy(() -> template.render(Map.of()))
                .hasMessage("command \"restart\": parameter \"unit\": is required");
        assertThatThrownBy(() -> template.render(Map.of("unit", "nginx", "extra", "x")))
                .hasMessage("command \"restart\": parameter \"extra\": is not a parameter of this command "
                        + "(parameters: \"unit\")");
    }

    static Stream<Arguments> typeTable() {
        return Stream.of(
                arguments(ParamType.PORT, "22", true), arguments(ParamType.PORT, "65535", true),
                arguments(ParamType.PORT, "0", false), arguments(ParamType.PORT, "65536", false),
                arguments(ParamType.PORT, "022", false), arguments(ParamType.PORT, "+22", false),
                arguments(ParamType.INT, "0", true), arguments(ParamType.INT, "2147483647", true),
                arguments(ParamType.INT, "2147483648", false), arguments(ParamType.INT, "-1", false),
                arguments(ParamType.INT, "1e3", false), arguments(ParamType.INT, "１２", false),
                arguments(ParamType.integer(-5, 5), "-5", true), arguments(ParamType.integer(-5, 5), "-0", false),
                arguments(ParamType.oneOf("gzip", "zstd"), "zstd", true),
                arguments(ParamType.oneOf("gzip", "zstd"), "ZSTD", false),
                arguments(ParamType.oneOf("gzip", "zstd"), "gzip ", false),
                arguments(ParamType.HOSTNAME, "db-1.acme.example", true),
                arguments(ParamType.HOSTNAME, "-db", false), arguments(ParamType.HOSTNAME, "db..example", false),
                arguments(ParamType.UNIT_NAME, "app", true), arguments(ParamType.UNIT_NAME, "-app", false),
                arguments(ParamType.UNIT_NAME, "a\\x2db.service", false),
                arguments(ParamType.PATH, "/var/log/app.1", true), arguments(ParamType.PATH, "/var/log/", true),
                arguments(ParamType.PATH, "/var/./log", false), arguments(ParamType.PATH, "~/x", false));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("typeTable")
    void eachTypeAcceptsOnlyItsShape(ParamType type, String value, boolean accepted) {
        CommandTemplate template = CommandTemplate.builder("t", "cmd {{v}}").param("v", type).build();

        if (accepted) {
            assertThat(template.render(Map.of("v", value)).text()).isEqualTo("cmd '" + value + "'");
        } else {
            assertThatThrownBy(() -> template.render(Map.of("v", value))).isInstanceOf(CommandParameterException.class);
        }
    }

    /**
     * Harmless canaries through the real /bin/sh of this machine: if quoting failed, the output would differ
     * ("INJECTED" or a changed word), so the test proves the quoting, not only its text.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$(echo INJECTED)", "`echo INJECTED`", "a;echo INJECTED", "'", "''", "'$(echo INJECTED)'",
            "\\", "\\'", "\"", "*", "~", "a  b", "${HOME}", "!echo", "a；b", "ディスク", "%s%n", "a|echo INJECTED"})
    void aRealPosixShellReadsTheQuotedValueBackUnchanged(String value) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh on this machine");
        CommandTemplate printf = CommandTemplate.builder("printf", "printf %s {{v}}").param("v", ParamType.text(100))
                .build();

        assertThat(sh(printf.render(Map.of("v", value)).text())).isEqualTo(value);
    }

    private static String sh(String line) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
