package io.alerthub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.RawPayload;

/** A delivery that passed authentication and the input limits: its raw record and its parsed JSON. */
public record ParsedPayload(RawPayload raw, JsonNode json) {
}
