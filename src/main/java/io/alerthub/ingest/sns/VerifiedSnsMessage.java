package io.alerthub.ingest.sns;

import io.alerthub.model.RawPayload;

/** An SNS message whose signature, certificate and topic passed every check, with its raw inbox record. */
public record VerifiedSnsMessage(RawPayload raw, SnsMessage message) {
}
