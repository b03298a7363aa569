package io.alerthub.scenario.library;

/**
 * One step a scenario would take, as the operator's {@code dry-run} prints it: the phase, the exact command line sent
 * over SSH (values quoted as sent) or, for a step that is not an SSH command, what it does; {@code when} says on what
 * the step depends ("if usage ≥ threshold"), empty when it always runs.
 */
public record PlannedCommand(String phase, String command, boolean ssh, String when) {

    static PlannedCommand ssh(String phase, String command, String when) {
        return new PlannedCommand(phase, command, true, when);
    }

    static PlannedCommand other(String phase, String what, String when) {
        return new PlannedCommand(phase, what, false, when);
    }
}
