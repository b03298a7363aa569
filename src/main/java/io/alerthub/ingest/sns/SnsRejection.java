package io.alerthub.ingest.sns;

import io.alerthub.support.ProblemException;

/**
 * An SNS message the hub refuses to trust (403): bad signature, certificate or URL, a topic the customer does not
 * allow, or a type header that disagrees with the body. The reason names the check; the detail is kept with the
 * rejected input for operators, while the sender always gets the same {@link #answer()}: a different answer per check
 * would tell an outsider which customer ids exist.
 */
public class SnsRejection extends ProblemException {
    private static final String TITLE = "SNS message not accepted";
    private static final ProblemException ANSWER = new ProblemException(403, "sns_not_accepted", TITLE, null);

    public SnsRejection(String reason, String detail) {
        super(403, reason, TITLE, detail);
    }

    /** What the sender is told, whatever the check that refused the message. */
    @Override
    public ProblemException answer() {
        return ANSWER;
    }
}
