package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command lines split into the words a POSIX shell would pass on, or refused where a shell would expand something. */
class ShellWordsTest {

    static Stream<Arguments> scenarioLines() {
        return Stream.of(
                Arguments.of("df -P '/'", List.of("df", "-P", "/")),
                Arguments.of("find '/var/log/app' -xdev -type f -mtime +'7' ! -name '*.gz' -print -exec gzip -f {} +",
                        List.of("find", "/var/log/app", "-xdev", "-type", "f", "-mtime", "+7", "!", "-name", "*.gz",
                                "-print", "-exec", "gzip", "-f", "{}", "+")),
                Arguments.of("ss -Hltn sport = :'8080'", List.of("ss", "-Hltn", "sport", "=", ":8080")),
                Arguments.of("journalctl -k -n 200 --no-pager --grep 'Out of memory|oom-kill|Killed process'",
                        List.of("journalctl", "-k", "-n", "200", "--no-pager", "--grep",
                                "Out of memory|oom-kill|Killed process")),
                Arguments.of("top -b -n 1 -o %CPU -w 200", List.of("top", "-b", "-n", "1", "-o", "%CPU", "-w", "200")),
                Arguments.of("args 'it'\\''s' \"a b\" c\\ d", List.of("args", "it's", "a b", "c d")),
                Arguments.of("  spaced\tout  ", List.of("spaced", "out")),
                Arguments.of("echo 'a=b' x=y", List.of("echo", "a=b", "x=y")),
                Arguments.of("'日本語' 'ディスク'", List.of("日本語", "ディスク")));
    }

    @ParameterizedTest
    @MethodSource("scenarioLines")
    void splitsAsAShellWould(String line, List<String> words) {
        assertThat(ShellWords.split(line)).isEqualTo(words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a|b", "a&b", "a>b", "a<b", "(a)", "$x", "`a`", "a*", "a?", "[a]", "~/x", "#x",
            "A=1 cmd", "echo {a,b}", "echo x{}", "echo \"$x\"", "echo \"\\\"\"", "echo 'open", "echo \"open",
            "echo \\", "a\nb"})
    void refusesWhatAShellWouldInterpret(String line) {
        assertThat(ShellWords.split(line)).isNull();
    }

    @Test
    void anEmptyLineHasNoWords() {
        assertThat(ShellWords.split("   ")).isEmpty();
    }
}
