package io.alerthub.demo;

/** What a simulated host answered to one command line: exit code, stdout and stderr, as an SSH client receives them. */
public record CommandReply(int exitCode, String stdout, String stderr) {

    static CommandReply ok(String stdout) {
        return new CommandReply(0, stdout, "");
    }

    static CommandReply fail(int exitCode, String stderr) {
        return new CommandReply(exitCode, "", stderr);
    }
}
