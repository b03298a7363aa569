package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.FieldProblem;
import io.alerthub.support.ProblemException;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;

/** A payload that parses as JSON but is not a valid alert of its format; answered with 422 naming the fields. */
public class InvalidPayloadException extends ProblemException {

    public InvalidPayloadException(String detail, List<FieldProblem> problems) {
        super(422, "invalid_payload", "Payload is not a valid alert", detail, problems);
    }

    /** One field at fault: the detail reads {@code <format> payload: <field>: <message>}. */
    public static InvalidPayloadException field(String format, String field, String message) {
        return new InvalidPayloadException(format + " payload: " + field + ": " + message,
                List.of(new FieldProblem(field, message)));
    }

    /** The payload (or the part at {@code field}) is not the JSON object the format needs. */
    public static InvalidPayloadException notAnObject(String format, String field, JsonNode node) {
        String got = node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
        return field(format, field, "must be a JSON object, got " + got);
    }

    public static InvalidPayloadException missing(String format, String... fields) {
        List<FieldProblem> list = Arrays.stream(fields).map(f -> new FieldProblem(f, "is required")).toList();
        return new InvalidPayloadException(format + " payload lacks required field(s): " + String.join(", ", fields), list);
    }
}
