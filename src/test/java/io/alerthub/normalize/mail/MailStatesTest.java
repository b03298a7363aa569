package io.alerthub.normalize.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One reading of check-state words for every mail parser. */
class MailStatesTest {

    @ParameterizedTest
    @CsvSource({"CRITICAL,FIRING,CRITICAL", "DOWN,FIRING,CRITICAL", "UNREACHABLE,FIRING,CRITICAL",
            "WARNING,FIRING,WARNING", "UNKNOWN,FIRING,WARNING", "OK,RESOLVED,INFO", "UP,RESOLVED,INFO",
            "ok,RESOLVED,INFO"})
    void stateWords(String word, AlertStatus status, Severity severity) {
        assertThat(MailStates.status(word)).isEqualTo(status);
        assertThat(MailStates.severity(word)).isEqualTo(severity);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Notification Type: PROBLEM\\nState: OK\\n|OK",
            "Host State: DOWN\\n|DOWN",
            "***** Host Monitoring *****\\n\\nweb-1 is UP!\\n|UP",
            "ping4 on web-1 is CRITICAL.\\n|CRITICAL",
            "State: pending\\nweb-1 is WARNING\\n|WARNING",
            "Info: HTTP OK - 200 is ok here\\n|"})
    void theBodysStateLine(String body, String state) {
        assertThat(MailStates.stateIn(body.replace("\\n", "\n"))).isEqualTo(state);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web-1 (Display Name: \"Web server 1\")|web-1",
            "ping4 (Display Name: \"ping4 (IPv4)\")|ping4",
            "web-1|web-1"})
    void icingaDisplayNamesAreStripped(String decorated, String plain) {
        assertThat(MailStates.withoutDisplayName(decorated)).isEqualTo(plain);
    }
}
