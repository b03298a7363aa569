package io.alerthub.analytics;

import io.alerthub.model.FieldProblem;
import java.util.List;

/** A stats request the hub refuses (400), naming the parameter at fault. */
public class StatsQueryException extends RuntimeException {
    private final transient List<FieldProblem> problems;

    public StatsQueryException(FieldProblem... problems) {
        super(problems[0].field() + ": " + problems[0].message());
        this.problems = List.of(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
