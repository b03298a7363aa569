package io.alerthub.scenario.ssh;

/**
 * The host could not be verified, so nothing was run: it presented a key other than its known one ("host key
 * changed") or customer.yaml has no known key for it; a scenario escalates with this message and never retries.
 */
public final class HostKeyMismatchException extends SshException {

    HostKeyMismatchException(Failure failure, String message) {
        super(failure, message);
    }
}
