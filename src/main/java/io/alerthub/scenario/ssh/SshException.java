package io.alerthub.scenario.ssh;

/**
 * Why an SSH command could not be run at all (as opposed to a command that ran and failed, which is an
 * {@link SshResult}); {@link #failure()} classifies it so a scenario can retry or escalate with the reason.
 */
public class SshException extends Exception {

    /** The kinds of failure, each with whether trying again later may help. */
    public enum Failure {
        /** customer.yaml has no known host key for the host: the hub never connects to an unverified host. */
        UNKNOWN_HOST_KEY(false),
        /** The host presented a key other than its known one. */
        HOST_KEY_CHANGED(false),
        /** The host refused the hub's key. */
        AUTH_FAILED(false),
        /** The host has no usable SSH settings (user or private key missing or unreadable). */
        NOT_CONFIGURED(false),
        /** TCP connect refused, unreachable, timed out, or the session broke before the command started. */
        CONNECT_FAILED(true),
        /** The host's concurrency limit stayed full for the whole permit timeout. */
        HOST_BUSY(true),
        /** The calling thread was interrupted (the hub is shutting down). */
        INTERRUPTED(false);

        private final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Failure failure;

    public SshException(Failure failure, String message) {
        this(failure, message, null);
    }

    public SshException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
