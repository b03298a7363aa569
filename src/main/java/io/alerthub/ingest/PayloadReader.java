package io.alerthub.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.RawPayload;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import java.io.IOException;
import java.time.Clock;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Ingest stage: turns an authenticated webhook body into a {@link ParsedPayload}, refusing what is not JSON
 * (400), nested deeper than the limit (400) or not an object/array (400). Duplicate keys keep the last value, as
 * JavaScript senders expect.
 */
@Component
public class PayloadReader {
    private final ObjectMapper mapper;
    private final Clock clock;

    public PayloadReader(IngestProperties properties, Clock clock) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(properties.maxNestingDepth()).build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.clock = clock;
    }

    public ParsedPayload read(@Header("customerId") String customerId, @Header("format") String format,
                              @Header("Content-Type") String contentType, @Body byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        RawPayload raw = new RawPayload(Ids.next(), customerId, "webhook", format, contentType, clock.instant(), bytes);
        return new ParsedPayload(raw, parse(bytes));
    }

    /** Parses JSON under the hub's limits, naming the problem and its position. */
    public JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw malformed("the body is empty; a JSON object or array is expected");
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new ProblemException(400, "too_deep", "Payload nested too deeply", e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = e.getOriginalMessage();
            int noise = message.indexOf(" (start marker");
            throw malformed("malformed JSON" + where + ": " + (noise > 0 ? message.substring(0, noise) : message));
        } catch (IOException e) {
            throw malformed("unreadable body: " + e.getMessage());
        }
        if (node != null && node.isTextual()) {
            node = unwrapped(node.asText());
        }
        if (node == null || !(node.isObject() || node.isArray())) {
            throw malformed("a JSON object or array is expected, not " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    /**
     * Some senders (Zabbix scripts among them) post the whole payload as one JSON string; its content is the
     * payload when it is itself a JSON object or array.
     */
    private JsonNode unwrapped(String text) {
        String s = text.trim();
        if (!s.startsWith("{") && !s.startsWith("[")) {
            return null;
        }
        try {
            return mapper.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(400, "malformed_json", "Malformed JSON", detail);
    }
}
