package io.alerthub.scenario.ssh;

import java.time.Duration;

/**
 * What one SSH command did, as a scenario step records it: the command line as sent, its exit code (null when it
 * timed out or was killed by a signal), stdout and stderr each bounded (with a flag when cut), and how long it ran.
 *
 * @param exitSignal the signal that ended the command (e.g. {@code KILL}), or null
 */
public record SshResult(
        String command,
        Integer exitCode,
        String exitSignal,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        Duration duration,
        boolean timedOut) {

    /** True when the command ran to its end within its timeout and exited with 0. */
    public boolean succeeded() {
        return !timedOut && exitCode != null && exitCode == 0;
    }
}
