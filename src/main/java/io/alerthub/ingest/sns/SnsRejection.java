package io.alerthub.ingest.sns;

import io.alerthub.support.ProblemException;

/**
 * An SNS message the hub refuses to trust (403): bad signature, certificate or URL, a topic the customer does not
 * allow, or a type header that disagrees with the body. The reason names the check; the detail is kept with the
 * rejected input for operators.
 */
public class SnsRejection extends ProblemException {
    public SnsRejection(String reason, String detail) {
        super(403, reason, "SNS message not accepted", detail);
    }
}
