package io.alerthub.normalize;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The fuzz targets' reading of a webhook body, refusing what the ingest refuses before any normalizer sees it. */
final class FuzzJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The HTTP ingest bounds nesting the same way; deeper input never reaches a normalizer.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private FuzzJson() {
    }

    /**
     * The body as JSON; null for what PayloadReader answers 400 to: not JSON, bytes Jackson cannot decode (an invalid
     * UTF-32 sequence), too deep, or empty.
     */
    static JsonNode read(byte[] data) {
        try {
            JsonNode payload = MAPPER.readTree(data);
            return payload == null || payload.isMissingNode() ? null : payload;
        } catch (IOException refused) {
            return null;
        }
    }
}
