package io.alerthub.ingest.sns;

import io.alerthub.support.ProblemException;

/**
 * The SNS endpoint could not finish a check for reasons outside the message (a signing certificate could not be
 * fetched): answered 503 so SNS delivers the message again later.
 */
public class SnsUnavailableException extends ProblemException {
    public SnsUnavailableException(String detail) {
        super(503, "sns_certificate_unavailable", "Signing certificate unavailable", detail);
    }
}
