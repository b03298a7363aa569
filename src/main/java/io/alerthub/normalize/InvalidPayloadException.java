package io.alerthub.normalize;

import io.alerthub.model.FieldProblem;
import io.alerthub.support.ProblemException;
import java.util.Arrays;
import java.util.List;

/** A payload that parses as JSON but is not a valid alert of its format; answered with 422 naming the fields. */
public class InvalidPayloadException extends ProblemException {

    public InvalidPayloadException(String detail, List<FieldProblem> problems) {
        super(422, "invalid_payload", "Payload is not a valid alert", detail, problems);
    }

    public static InvalidPayloadException missing(String format, String... fields) {
        List<FieldProblem> list = Arrays.stream(fields).map(f -> new FieldProblem(f, "is required")).toList();
        return new InvalidPayloadException(format + " payload lacks required field(s): " + String.join(", ", fields), list);
    }
}
